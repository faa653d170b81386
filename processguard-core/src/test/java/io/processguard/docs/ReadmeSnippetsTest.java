package io.processguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RestartableExecutor;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.target.Tier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run; paste from here. */
class ReadmeSnippetsTest {

  /** Stands in for the application's own checkout service. */
  static final class Checkout {
    final AtomicReference<Double> p99 = new AtomicReference<>(120.0);

    double p99Millis() {
      return p99.get();
    }
  }

  ProcessGuard quickStart(Checkout checkout, ProcessGuard.Builder builder) {
    // --- README quick start ---
    RestartableExecutor workers = RestartableExecutor.of(() -> Executors.newFixedThreadPool(8));

    ProcessGuard guard = builder
        .restartable("checkout-workers", workers)
        .target(TargetSpec.builder(Target.builder("checkout")
                .tier(Tier.CRITICAL).rto(Duration.ofMinutes(2))
                .runbook("https://runbooks.example.com/checkout").build())
            .probe("latency", () -> Sample.of("latency.p99.ms", checkout.p99Millis()), Duration.ofSeconds(5))
            .condition("slow", Severity.CRITICAL,
                Condition.signal("latency.p99.ms").above(500).forSamples(3).clearBelow(200))
            .build())
        .policy(Policy.builder("checkout-recovery", "checkout")
            .rule("slow", Duration.ofMinutes(1),
                Rung.of(ActionSpec.restart("checkout-workers")),
                Rung.of(ActionSpec.restart("checkout-workers")),
                Rung.of(ActionSpec.markUnready(), ActionSpec.alert()))
            .restartBudget(RestartBudget.of(3, Duration.ofMinutes(10)))
            .build())
        .build()
        .start();

    HealthSnapshot now = guard.snapshot();              // O(1): never runs a probe
    List<Incident> history = guard.incidents("checkout"); // time to detect, engage, recover
    // --- end ---
    assertThat(now).isNotNull();
    assertThat(history).isEmpty();
    return guard;
  }

  @Test
  void quickStart_compilesAndRecoversTheCheckoutOnVirtualTime() {
    ManualTicker time = new ManualTicker();
    Checkout checkout = new Checkout();
    try (ProcessGuard guard = quickStart(checkout, ProcessGuard.builder().ticker(time).clock(time)
        .probeExecutor(Runnable::run).actionExecutor(Runnable::run).schedulerThread(false).probeJitter(0))) {
      guard.tick();
      assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);
      checkout.p99.set(900.0);
      for (int i = 0; i < 3; i++) {
        time.advance(Duration.ofSeconds(5));
        guard.tick();
      }
      assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.RECOVERING);
      checkout.p99.set(100.0);
      time.advance(Duration.ofSeconds(5));
      guard.tick();
      Incident incident = guard.incidents("checkout").get(0);
      assertThat(incident.timeToDetect()).isEqualTo(Duration.ofSeconds(10));
      assertThat(incident.timeToRecover()).contains(Duration.ofSeconds(5));
    }
  }
}
