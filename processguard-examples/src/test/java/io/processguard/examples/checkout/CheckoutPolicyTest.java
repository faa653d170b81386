package io.processguard.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.target.Severity;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.testkit.FakeNotifier;
import io.processguard.testkit.FakeRestartable;
import io.processguard.testkit.GuardHarness;
import io.processguard.testkit.ProcessGuardExtension;
import io.processguard.testkit.Script;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checkout's real recovery policy, pinned on virtual time with the test kit: a model for
 * how a service tests its own policies. Runs an hour of policy time in milliseconds.
 */
@ExtendWith(ProcessGuardExtension.class)
class CheckoutPolicyTest {

  /** The checkout target as the scenario declares it, with the latency probe replaced by a script. */
  private static TargetSpec checkout(io.processguard.probe.Probe latency) {
    return TargetSpec.builder(CheckoutScenario.target())
        .probe("latency", latency, Duration.ofMillis(250))
        .condition("checkout-slow", Severity.CRITICAL, CheckoutScenario.slow())
        .build();
  }

  // --- docs/testing.md: a policy pinned in under 20 lines ---
  @Test
  void permanentlySlowCheckout_restartsTwiceThenGoesUnreadyAndPagesOnce(GuardHarness h) {
    FakeRestartable workers = h.restartable("checkout-workers");
    FakeNotifier sre = h.notifier("sre");
    h.start(b -> b.target(checkout(Script.startAt(20).stepTo(400, Duration.ofHours(1)).probe("latency.p99.ms", h.time())))
        .policy(CheckoutScenario.policy()));

    h.advance(Duration.ofHours(1));

    h.assertThat("checkout")
        .wasRestartedAt(Duration.ofMillis(250), Duration.ofMillis(10_250))
        .escalatedOnce()
        .isReady(false)
        .isIn(TargetState.FAILING);
    assertThat(workers.restarts()).isEqualTo(2);
    h.assertThat(sre).paged(4);  // rung 1, rung 2, rung 3 (unready + page), then the escalation
  }
  // --- end ---

  @Test
  void latencySpikeOfOneSample_neverRestarts(GuardHarness h) {
    h.restartable("checkout-workers");
    h.notifier("sre");
    h.start(b -> b.target(checkout(Script.series("latency.p99.ms", 20, 900, 20))).policy(CheckoutScenario.policy()));
    h.advance(Duration.ofHours(1));
    h.assertThat("checkout").noAction().isIn(TargetState.HEALTHY);
  }

  @Test
  void restartThatFixesTheLeak_recoversWithinTheRtoAndResolvesThePage(GuardHarness h) {
    AtomicReference<Double> p99 = new AtomicReference<>(400.0);
    h.restartable("checkout-workers").onRestart(() -> p99.set(20.0));
    FakeNotifier sre = h.notifier("sre");
    h.start(b -> b.target(checkout(() -> io.processguard.probe.Sample.of("latency.p99.ms", p99.get())))
        .policy(CheckoutScenario.policy()));
    h.advance(Duration.ofMinutes(5));
    h.assertThat("checkout").wasRestarted(1).recoveredWithinRto().neverEscalated().isIn(TargetState.HEALTHY);
    h.assertThat(sre).paged(1).everyPageResolved();
  }
}
