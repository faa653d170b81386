package io.processguard.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Policy;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.testkit.GuardHarness;
import io.processguard.testkit.ProcessGuardExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The code of docs/drills.md, compiled and run. */
@ExtendWith(ProcessGuardExtension.class)
class DrillDocSnippetsTest {
  // --- docs/drills.md: a drill test in JUnit ---
  private final Chaos chaos = Chaos.create(ChaosConfig.builder().allowDrills("checkout").build());

  @AfterEach
  void noFaultOutlivesItsDrill() {
    assertThat(chaos.activeFaults()).isEmpty();
  }

  @Test
  void checkoutRecoversFromSlowSamplesWithinItsRto(GuardHarness h) {
    FaultyProbe latency = chaos.probe("latency", () -> Sample.of("latency.p99.ms", 80));
    h.restartable("checkout-workers");
    h.start(b -> b
        .target(TargetSpec.builder(Target.builder("checkout").rto(Duration.ofMinutes(2)).build())
            .probe("latency", latency, Duration.ofSeconds(10))
            .condition("slow", Severity.CRITICAL, Condition.signal("latency.p99.ms").above(500).forSamples(3))
            .build())
        .policy(Policy.builder("checkout-recovery", "checkout")
            .rule("slow", Rung.of(ActionSpec.restart("checkout-workers")))
            .build()));
    h.advance(Duration.ofSeconds(30));

    Drill drill = Drill.builder("checkout-slow", "checkout")
        .fault(Fault.probeValue("latency", "latency.p99.ms", 900))
        .releaseOnRecoveryAction()                     // the restart clears it, as a real one would
        .signal(DrillSignal.of("latency.p99.ms", latency, 500))
        .hypothesis(SteadyState.healthy("checkout"), SteadyState.signalBelow("latency.p99.ms", 500))
        .pollEvery(Duration.ofSeconds(5))
        .build();
    DrillRunner runner = DrillRunner.builder(h.guard(), chaos)
        .clock(DrillClock.driven(h.time(), h::advance))  // virtual time: minutes in milliseconds
        .build();

    DrillReport report = runner.run(drill);

    DrillAssertions.assertRecoversWithinRto(report);
    assertThat(report.measures().timeToRecover()).contains(Duration.ofSeconds(10));
  }
  // --- end ---
}
