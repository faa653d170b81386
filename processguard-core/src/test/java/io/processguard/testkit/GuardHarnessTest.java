package io.processguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.recovery.ActionOutcome;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.target.Tier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ProcessGuardExtension.class)
class GuardHarnessTest {

  private static TargetSpec checkout(io.processguard.probe.Probe latency) {
    return TargetSpec.builder(Target.builder("checkout").tier(Tier.CRITICAL).rto(Duration.ofMinutes(2)).build())
        .probe("latency", latency, Duration.ofSeconds(10))
        .condition("slow", Severity.CRITICAL, Condition.signal("latency.p99.ms").above(500).forSamples(3))
        .build();
  }

  private static Policy policy() {
    return Policy.builder("checkout-recovery", "checkout")
        .rule("slow", Duration.ofMinutes(1), Rung.of(ActionSpec.restart("workers")),
            Rung.of(ActionSpec.restart("workers")), Rung.of(ActionSpec.restart("workers")),
            Rung.of(ActionSpec.restart("workers")))
        .restartBudget(RestartBudget.of(3, Duration.ofMinutes(30)))
        .backoff(Backoff.NONE)
        .escalateTo("pager")
        .build();
  }

  @Test
  void advance_anHourOfABrokenComponent_restartsExactlyTheBudgetAndPagesOnce(GuardHarness h) {
    FakeRestartable workers = h.restartable("workers");
    FakeNotifier pager = h.notifier("pager");
    h.start(b -> b.target(checkout(Script.startAt(100).stepTo(900, Duration.ofMinutes(5)).probe("latency.p99.ms",
        h.time()))).policy(policy()));
    long started = System.nanoTime();

    h.advance(Duration.ofHours(1));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    h.assertThat("checkout")
        .wasRestarted(3)
        .wasRestartedAt(Duration.ofSeconds(20), Duration.ofSeconds(80), Duration.ofSeconds(140))
        .noActionBefore(Duration.ofSeconds(20))
        .escalatedOnce()
        .quarantinedAt(Duration.ofSeconds(200))
        .isIn(TargetState.QUARANTINED);
    h.assertThat(pager).paged(1);
    assertThat(workers.calls()).extracting(Call::at)
        .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(80), Duration.ofSeconds(140));
  }

  @Test
  void advance_twoBadSamplesThenGood_neverRestarts(GuardHarness h) {
    FakeRestartable workers = h.restartable("workers");
    h.notifier("pager");
    h.start(b -> b.target(checkout(Script.series("latency.p99.ms", 100, 900, 900, 100))).policy(policy()));
    h.advance(Duration.ofMinutes(10));
    h.assertThat("checkout").noAction().neverEscalated().isIn(TargetState.HEALTHY);
    assertThat(workers.restarts()).isZero();
  }

  @Test
  void advance_restartThatHeals_recoversWithinRto(GuardHarness h) {
    AtomicReference<Double> latency = new AtomicReference<>(900.0);
    h.restartable("workers").onRestart(() -> latency.set(100.0));
    h.notifier("pager");
    h.start(b -> b.target(checkout(() -> io.processguard.probe.Sample.of("latency.p99.ms", latency.get())))
        .policy(policy()));
    h.advance(Duration.ofMinutes(5));
    h.assertThat("checkout").wasRestarted(1).recoveredWithinRto().isIn(TargetState.HEALTHY).isReady(true);
  }

  @Test
  void advance_restartThatHangs_timesOutOnVirtualTimeAndTheNextRungRuns(GuardHarness h) {
    FakeRestartable workers = h.restartable("workers").hangs();
    h.notifier("pager");
    h.start(b -> b.target(checkout(Script.series("latency.p99.ms", 900)))
        .policy(Policy.builder("p", "checkout").actionTimeout(Duration.ofSeconds(30))
            .rule("slow", Rung.of(ActionSpec.restart("workers")), Rung.of(ActionSpec.alert("pager"))).build()));
    h.advance(Duration.ofMinutes(2));
    var completed = h.events(RecoveryEvent.ActionCompleted.class);
    assertThat(completed).extracting(RecoveryEvent.ActionCompleted::outcome)
        .containsExactly(ActionOutcome.TIMED_OUT, ActionOutcome.SUCCEEDED);
    assertThat(Timelines.at(completed.get(0))).isEqualTo(Duration.ofSeconds(50));
    assertThat(workers.restarts()).isEqualTo(1);
  }

  @Test
  void assertion_failure_showsTheTimeline(GuardHarness h) {
    h.restartable("workers");
    h.notifier("pager");
    h.start(b -> b.target(checkout(Script.series("latency.p99.ms", 900))).policy(policy()));
    h.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> h.assertThat("checkout").wasRestarted(2))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected target 'checkout' to have been restarted 2 time(s), but it was restarted "
            + "1 time(s) at [PT20S]")
        .hasMessageContaining("timeline (virtual time):")
        .hasMessageContaining("PT20S  checkout     condition.breached           slow: latency.p99.ms=900 > 500 for 3 samples");
  }

  @Test
  void script_valueAt_followsItsSegments() {
    Script s = Script.startAt(300).rise(10, Duration.ofMinutes(1), Duration.ofMinutes(5)).hold(Duration.ofMinutes(1))
        .rampTo(0, Duration.ofMinutes(2));
    assertThat(s.valueAt(Duration.ZERO)).isEqualTo(300.0);
    assertThat(s.valueAt(Duration.ofMinutes(3))).isEqualTo(330.0);
    assertThat(s.valueAt(Duration.ofMinutes(5))).isEqualTo(350.0);
    assertThat(s.valueAt(Duration.ofMinutes(6))).isEqualTo(350.0);
    assertThat(s.valueAt(Duration.ofMinutes(7))).isEqualTo(175.0);
    assertThat(s.valueAt(Duration.ofHours(1))).isEqualTo(0.0);
  }
}
