package io.processguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.approval.ApprovalPolicy;
import io.processguard.approval.ApprovalRequest;
import io.processguard.audit.AuditConfig;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditLog;
import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.BudgetExhaustion;
import io.processguard.policy.Capability;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.recovery.Failover;
import io.processguard.recovery.Restartable;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.testkit.GuardHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/safety.md, compiled and run; paste from here. */
class SafetySnippetsTest {

  static final class Cluster implements Failover {
    String primary = "db-a";

    @Override
    public String primary() {
      return primary;
    }

    @Override
    public Candidate candidate() {
      return new Candidate("db-b", true, "replication lag 0 B", Optional.of("db-standby"));
    }

    @Override
    public void fence(String node) { }

    @Override
    public void promote(String node) {
      primary = node;
    }
  }

  ProcessGuard.Builder safety(ProcessGuard.Builder builder, Path dir, Restartable primaryNode, Failover cluster) {
    // --- safety: guard ---
    AuditLog audit = AuditLog.file(dir.resolve("audit.jsonl"),
        AuditConfig.builder(AuditKey.random()).fsyncEveryEntry().build());

    return builder
        .grant(Capability.FAILOVER)                           // least privilege: failover is not a default
        .approvals(ApprovalPolicy.approvers("alice", "bob"))  // who may approve (never the requester)
        .audit(audit)                                         // every decision and act, before it happens
        .restartable("db-primary-node", primaryNode)
        .failover("db-cluster", cluster)
        .policy(Policy.builder("db-primary-recovery", "db-primary")
            .rule("flapping", Duration.ofSeconds(30),
                Rung.of(ActionSpec.restart("db-primary-node")),
                Rung.of(ActionSpec.failover("db-cluster"), ActionSpec.alert("dba")))
            .restartBudget(RestartBudget.of(1, Duration.ofMinutes(30)))  // strict: one restart per 30 min
            .onBudgetExhausted(BudgetExhaustion.REQUIRE_APPROVAL)
            .approvalTimeout(Duration.ofMinutes(15))
            .escalateTo("dba")
            .build());
    // --- end ---
  }

  @Test
  void safety_guardAsDocumented_asksForApprovalAndFailsOverWhenApproved(@TempDir Path dir) {
    Cluster cluster = new Cluster();
    try (GuardHarness h = GuardHarness.create()) {
      h.notifier("dba");
      Restartable primaryNode = h.restartable("unused-name-for-the-kit");
      safety(h.builder(), dir, primaryNode, cluster)
          .target(TargetSpec.builder(Target.of("db-primary"))
              .probe("up", () -> Sample.of("db.up", 0), Duration.ofSeconds(5))
              .condition("flapping", Severity.CRITICAL, Condition.signal("db.up").below(1).flapping(2, 4)).build())
          .target(TargetSpec.builder(Target.of("db-standby"))
              .probe("up", () -> Sample.of("db.up", 1), Duration.ofSeconds(5)).build());
      ProcessGuard guard = h.start();
      h.advance(Duration.ofMinutes(1));

      // --- safety: operator ---
      List<ApprovalRequest> pending = guard.pendingApprovals();
      ApprovalRequest request = pending.get(0);   // evidence: request.evidence().explain()
      guard.approve(request.id(), "alice", "standby is caught up; maintenance on db-a");
      // --- end ---

      h.advance(Duration.ofSeconds(1));
      assertThat(cluster.primary).isEqualTo("db-b");
    }
  }
}
