package io.processguard.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillAuditTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private final AuditLog log = AuditLog.inMemory(Clock.fixed(T0, ZoneOffset.UTC));
  private final DrillAudit audit = DrillAudit.to(log);

  @Test
  void onEvent_startFinishAndAbort_appendsOneEntryEachWithTheOperatorAsActor() {
    audit.onEvent(new DrillEvent.Started(T0, "checkout", "checkout-slow", "latency 900", "alice"));
    audit.onEvent(new DrillEvent.Finished(T0, "checkout", "checkout-slow", true, "",
        Optional.of(Duration.ofSeconds(12)), "alice"));
    audit.onEvent(new DrillEvent.Aborted(T0, "checkout", "checkout-slow", "payments degraded", "bob"));

    assertThat(log.entries()).extracting(AuditEntry::record).containsExactly(
        new AuditRecord("alice", "drill.started", "checkout", "started",
            Map.of("drill", "checkout-slow", "fault", "latency 900"), Optional.empty()),
        new AuditRecord("alice", "drill.finished", "checkout", "passed",
            Map.of("drill", "checkout-slow", "reason", "", "timeToRecover", "PT12S"), Optional.empty()),
        new AuditRecord("bob", "drill.aborted", "checkout", "aborted",
            Map.of("drill", "checkout-slow", "reason", "payments degraded"), Optional.empty()));
    assertThat(log.verify().isIntact()).isTrue();
  }

  @Test
  void onEvent_failedDrill_recordsFailedWithTheReasonAndNoRecoveryTime() {
    audit.onEvent(new DrillEvent.Finished(T0, "checkout", "checkout-slow", false, "recovery escalated",
        Optional.empty(), "alice"));

    AuditRecord r = log.entries().get(0).record();
    assertThat(r.outcome()).isEqualTo("failed");
    assertThat(r.evidence()).isEqualTo(Map.of("drill", "checkout-slow", "reason", "recovery escalated"));
  }
}
