package io.processguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.alert.Notifier;
import io.processguard.audit.AuditConfig;
import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import io.processguard.audit.AuditVerification;
import io.processguard.audit.CheckpointKeys;
import io.processguard.config.PolicyReloader;
import io.processguard.config.PolicySource;
import io.processguard.watchdog.JobTicket;
import io.processguard.watchdog.JobWatchdog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of docs/audit.md, docs/watchdogs.md (job tickets) and docs/policy-reference.md
 * (hot reload), kept compiling here verbatim; the ones that can run here do.
 */
class OperationsDocSnippetsTest {

  /** The application's own build type, as the watchdog doc assumes it. */
  record Build(String id, int attempt, Duration timeout) {
    Build withAttempt(int next) {
      return new Build(id, next, timeout);
    }

    void run() {
      // the build's work
    }
  }

  static void auditDoc(String privatePem, String publicPem) {
    // --- docs/audit.md ---
    AuditConfig config = AuditConfig.builder(AuditKey.fromEnvironment("PROCESSGUARD_AUDIT_KEY"))
        .checkpoints(CheckpointKeys.parseKeyPair(privatePem, publicPem), 1000) // optional
        .build();
    try (AuditLog audit = AuditLog.file(Path.of("/var/lib/myservice/audit.jsonl"), config)) {
      AuditEntry e = audit.append(AuditRecord.automated("restart")
          .target("checkout-workers").outcome("ok")
          .evidence("rule", "heap-high").evidence("attempt", 1)
          .build());
      AuditVerification v = audit.verify(); // v.isIntact(), v.describe()
      assertThat(e.sequence()).isPositive();
      assertThat(v).isNotNull();
    }
    // --- end ---
  }

  static List<Build> jobWatchdogDoc(Build build, Queue<Build> queue, List<Build> poisoned, List<Build> released) {
    Leases leases = released::add;
    // --- docs/watchdogs.md: job tickets ---
    JobWatchdog<Build> watchdog = JobWatchdog.<Build>builder("ci-runners")
        .deadline(Duration.ofMinutes(10))
        .maxAttempts(2)
        .reclaimer(stuck -> leases.release(stuck.job()))
        .requeuer(stuck -> queue.add(stuck.job().withAttempt(stuck.nextAttempt())))
        .deadLetter((stuck, reason) -> poisoned.add(stuck.job()))
        .build()
        .start(Duration.ofMillis(100));       // or let the probe's sampling drive it

    try (JobTicket<Build> ticket = watchdog.track(build, build.timeout(), build.attempt())) {
      build.run();
      assertThat(ticket.isStuck()).isFalse();
    }
    // --- end ---
    watchdog.close();
    return poisoned;
  }

  /** What the doc's {@code leases} stands for: the application's resource registry. */
  interface Leases {
    void release(Build build);
  }

  static PolicyReloader policyReferenceDoc(ProcessGuard guard, Notifier pagerDuty) {
    // --- docs/policy-reference.md: hot reload ---
    PolicyReloader reloader = PolicyReloader.builder(guard, PolicySource.directory(Path.of("policies")))
        .instanceId(System.getenv().getOrDefault("HOSTNAME", "local"))
        .notifier("sre", pagerDuty)
        .build()
        .start(Duration.ofSeconds(30));
    reloader.running();   // every policy: revision, hash, fraction, effective mode, rollback reason
    // --- end ---
    return reloader;
  }

  @Test
  void jobWatchdogDoc_aBuildThatFinishes_isNeitherRequeuedNorDeadLettered() {
    Queue<Build> queue = new ConcurrentLinkedQueue<>();
    List<Build> poisoned = new CopyOnWriteArrayList<>();
    List<Build> released = new CopyOnWriteArrayList<>();
    jobWatchdogDoc(new Build("b-1", 1, Duration.ofMinutes(5)), queue, poisoned, released);
    assertThat(queue).isEmpty();
    assertThat(poisoned).isEmpty();
    assertThat(released).isEmpty();
  }

  @Test
  void policyReferenceDoc_withoutAPoliciesDirectory_startsAReloaderRunningNoPolicy() {
    try (ProcessGuard guard = ProcessGuard.builder().schedulerThread(false).logEvents(false).build()) {
      PolicyReloader reloader = policyReferenceDoc(guard, n -> { });
      assertThat(reloader.running()).isEmpty();
      reloader.close();
    }
  }
}
