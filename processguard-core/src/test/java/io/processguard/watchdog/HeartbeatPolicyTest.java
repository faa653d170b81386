package io.processguard.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Policy;
import io.processguard.policy.Rung;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.testkit.GuardHarness;
import io.processguard.testkit.ProcessGuardExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A missed heartbeat is an ordinary breach: it feeds the same conditions, policies and incidents as probes. */
@ExtendWith(ProcessGuardExtension.class)
class HeartbeatPolicyTest {

  @Test
  void missedHeartbeat_breachesRestartsTheLoopAndRecoversWhenBeatsResume(GuardHarness h) {
    Heartbeat loop = Heartbeat.builder("ingest-loop").deadline(Duration.ofSeconds(10)).ticker(h.time()).clock(h.time())
        .build();
    h.restartable("ingest").onRestart(loop::beat);
    h.start(b -> b.target(TargetSpec.builder(Target.builder("ingest").rto(Duration.ofMinutes(1)).build())
            .probe("heartbeat", loop.probe(), Duration.ofSeconds(5))
            .condition("stalled", Severity.CRITICAL, Condition.signal("heartbeat.overdue.seconds").above(0))
            .build())
        .policy(Policy.builder("ingest-recovery", "ingest").rule("stalled", Rung.of(ActionSpec.restart("ingest"))).build()));
    loop.ready();
    for (int i = 0; i < 4; i++) {
      loop.beat();
      h.advance(Duration.ofSeconds(5));
    }
    h.assertThat("ingest").noAction().isIn(TargetState.HEALTHY);

    // the loop stops beating: the deadline passes, the condition breaches, the policy restarts it
    h.advance(Duration.ofSeconds(15));
    h.assertThat("ingest").wasRestartedAt(Duration.ofSeconds(35)).isIn(TargetState.RECOVERING);
    // the restarted loop beats again; the next sample sees the progress and the incident closes
    h.advance(Duration.ofSeconds(5));
    h.assertThat("ingest").wasRestarted(1).isIn(TargetState.HEALTHY).recoveredWithinRto();
    RecoveryEvent.IncidentRecovered recovered = h.events(RecoveryEvent.IncidentRecovered.class).get(0);
    assertThat(recovered.incident().condition()).isEqualTo("stalled");
    assertThat(recovered.incident().timeline().get(0).what()).startsWith("breached: heartbeat.overdue.seconds=");
  }
}
