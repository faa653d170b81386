package io.processguard.examples.database;

import io.processguard.ProcessGuard;
import io.processguard.approval.ApprovalException;
import io.processguard.approval.ApprovalPolicy;
import io.processguard.approval.ApprovalRequest;
import io.processguard.audit.AuditConfig;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditVerification;
import io.processguard.audit.AuditVerifier;
import io.processguard.condition.Condition;
import io.processguard.examples.ScenarioResult;
import io.processguard.examples.Timeline;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Capability;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.recovery.Incident;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.Tier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Seed scenario 3, a database primary that flaps during a maintenance window. ProcessGuard sees the
 * flapping, tries the one restart its strict budget allows, then asks a human to approve a
 * failover. An unauthorised identity's attempt is refused and audited; a second operator approves;
 * ProcessGuard checks the warm standby is healthy and caught up, fences the old primary and
 * promotes the standby. At the end the audit file verifies, and a tampered copy fails, naming the
 * broken entry.
 */
public final class DatabaseFailoverScenario {
  /** The primary's recovery time objective. */
  public static final Duration RTO = Duration.ofSeconds(60);

  private static final Duration SAMPLE = Duration.ofMillis(100);

  private DatabaseFailoverScenario() {}

  static Policy policy() {
    return Policy.builder("db-primary-recovery", "db-primary")
        .rule("flapping", Duration.ofSeconds(2),
            Rung.of(ActionSpec.restart("db-primary-node")),
            Rung.of(ActionSpec.failover("db-cluster"), ActionSpec.alert("dba")))
        .restartBudget(RestartBudget.of(1, Duration.ofMinutes(30)))
        .backoff(Backoff.NONE)
        .approvalTimeout(Duration.ofMinutes(5))
        .escalateTo("dba")
        .remediation("Maintenance on db-a: keep traffic on the standby until it is finished.")
        .build();
  }

  /** Runs the scenario in real time (about 10 s) and prints its timeline. */
  public static ScenarioResult run(PrintStream out) {
    Path dir = tempDir();
    Path auditFile = dir.resolve("audit.jsonl");
    AuditKey key = AuditKey.random();
    Instant start = Clock.systemUTC().instant();
    Timeline timeline = new Timeline(start);
    List<String> evidence = new ArrayList<>();
    try (SimCluster cluster = new SimCluster();
        AuditLog audit = AuditLog.file(auditFile, AuditConfig.builder(key).fsyncEveryEntry().build());
        ProcessGuard guard = ProcessGuard.builder()
            .logEvents(false)
            .listener(timeline)
            .audit(audit)
            .grant(Capability.FAILOVER)
            .approvals(ApprovalPolicy.approvers("alice", "bob"))
            .restartable("db-primary-node", cluster.primaryRestart())
            .failover("db-cluster", cluster)
            .notifier("dba", n -> timeline.note(n.timestamp(), n.target(), "DBA      [" + n.kind() + "] " + n.summary()))
            .target(TargetSpec.builder(Target.builder("db-primary").tier(Tier.CRITICAL).rto(RTO).owner("dba")
                    .runbook("https://runbooks.example.com/db-primary").build())
                .probe("primary", () -> Sample.of("db.up", cluster.primaryNode().up ? 1 : 0), SAMPLE)
                .condition("flapping", Severity.CRITICAL, Condition.signal("db.up").below(1).flapping(3, 8))
                .build())
            .target(TargetSpec.builder(Target.builder("db-standby").tier(Tier.HIGH).rto(RTO).owner("dba").build())
                .probe("replica", () -> Sample.builder().signal("db.up", cluster.standbyNode().up ? 1 : 0)
                    .signal("replication.lag.bytes", cluster.replicationLag()).build(), SAMPLE)
                .condition("lagging", Severity.WARNING,
                    Condition.signal("replication.lag.bytes").above(SimCluster.MAX_PROMOTION_LAG_BYTES).forSamples(3))
                .build())
            .policy(policy())
            .build()
            .start()) {
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      cluster.startMaintenance();
      timeline.note(Clock.systemUTC().instant(), "db-primary", "FAULT    maintenance starts: db-a flaps every 150 ms");
      ApprovalRequest request = awaitApproval(guard);
      operators(guard, request, timeline, evidence);
      Optional<Incident> recovered = awaitRecovery(guard);
      out.println("Database primary: db-a flaps during maintenance");
      timeline.print(out);
      long writesFailed = cluster.writesFailed.get();
      evidence.add(0, String.format(Locale.ROOT, "writes: %d ok, %d refused while the primary was down; "
          + "%d B were not yet replicated at promotion; at most %d primary at any time",
          cluster.writesOk.get(), writesFailed, cluster.unreplicatedAtPromotion.get(), cluster.maxPrimaries.get()));
      audit.flush();
      boolean auditOk = audit.verify().isIntact();
      String tampered = tamper(auditFile, dir.resolve("audit-tampered.jsonl"), key);
      evidence.add("audit " + auditFile + ": " + audit.verify().describe());
      evidence.add("tampered copy: " + tampered);
      evidence.forEach(line -> out.println("  " + line));
      boolean passed = recovered.isPresent() && cluster.maxPrimaries.get() == 1 && auditOk
          && tampered.startsWith("BROKEN") && recovered.get().timeToRecover().orElseThrow().compareTo(RTO) <= 0
          && cluster.primary().equals("db-b");
      Optional<Incident> incident = guard.incidents("db-primary").stream().findFirst();
      return new ScenarioResult("database", "primary flaps in maintenance", incident.map(Incident::timeToDetect),
          recovered.flatMap(Incident::timeToRecover), RTO, passed, evidence);
    }
  }

  private static ApprovalRequest awaitApproval(ProcessGuard guard) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      List<ApprovalRequest> pending = guard.pendingApprovals();
      if (!pending.isEmpty()) {
        return pending.get(0);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new IllegalStateException("no approval request within 30 s");
  }

  /** A stranger tries first and is refused; then alice, a second operator, reads the evidence and approves. */
  private static void operators(ProcessGuard guard, ApprovalRequest request, Timeline timeline, List<String> evidence) {
    try {
      guard.approve(request.id(), "mallory", "looks fine to me");
    } catch (ApprovalException refused) {
      timeline.note(Clock.systemUTC().instant(), "db-primary", "REFUSED  " + refused.getMessage());
      evidence.add("refused and audited: " + refused.getMessage());
    }
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    guard.approve(request.id(), "alice", "standby caught up; maintenance on db-a will take an hour");
    timeline.note(Clock.systemUTC().instant(), "db-primary", "APPROVE  alice approved " + request.id()
        + " (" + String.join(", ", request.actions()) + ")");
  }

  private static Optional<Incident> awaitRecovery(ProcessGuard guard) {
    long deadline = System.nanoTime() + RTO.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Incident> done = guard.incidents("db-primary").stream()
          .filter(i -> i.status() == Incident.Status.RECOVERED).findFirst();
      if (done.isPresent()) {
        return done;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return Optional.empty();
  }

  /** Flips one byte inside the third entry of a copy of the log and verifies the copy. */
  static String tamper(Path log, Path copy, AuditKey key) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String third = lines.get(2);
      int at = third.indexOf("\"action\":\"") + 10;
      lines.set(2, third.substring(0, at) + Character.toUpperCase(third.charAt(at)) + third.substring(at + 1));
      Files.write(copy, lines, StandardCharsets.UTF_8);
      AuditVerification v = AuditVerifier.of(key).verify(copy);
      return v.describe();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("processguard-db-scenario");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
