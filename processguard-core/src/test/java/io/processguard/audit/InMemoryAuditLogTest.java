package io.processguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryAuditLogTest {
  private final ManualTicker time = new ManualTicker();

  @Test
  void append_chainsEntriesStampedByTheClock() {
    AuditLog log = AuditLog.inMemory(time);
    AuditEntry first = log.append(AuditFixtures.restart(1));
    time.advance(Duration.ofSeconds(2));
    AuditEntry second = log.append(AuditRecord.of("alice", "approval.granted", "db", "granted"));
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
    assertThat(second.previousHash()).isEqualTo(first.hash());
    assertThat(log.entries()).containsExactly(first, second);
    assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(2, 2, second.hash(), 0));
    log.close();
    assertThatThrownBy(() -> log.append(AuditFixtures.restart(3))).hasMessage("in-memory audit log is closed");
  }

  @Test
  void record_rejectsBlankActorAndNullEvidence() {
    assertThatThrownBy(() -> AuditRecord.of(" ", "restart", "", ""))
        .hasMessage("audit record actor must not be blank, got ' '");
    assertThatThrownBy(() -> AuditRecord.automated("decision").evidence("x", List.of(1, Double.NaN)))
        .hasMessage("audit evidence 'x[1]' must be a finite number, got NaN");
    assertThatThrownBy(() -> AuditRecord.automated("decision").evidence("when", Instant.EPOCH))
        .hasMessage("audit evidence 'when' must be a string, boolean, number, list or map, got java.time.Instant");
    assertThat(AuditRecord.automated("decision").evidence(Map.of("n", 1)).build().evidence()).containsEntry("n", 1L);
  }
}
