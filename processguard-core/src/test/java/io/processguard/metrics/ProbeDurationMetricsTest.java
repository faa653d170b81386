package io.processguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.probe.Sample;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProbeDurationMetricsTest {

  @Test
  void monitor_recordsEveryProbeRunsDurationOnTheGuardsTicker() {
    ManualTicker time = new ManualTicker();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ProcessGuard guard = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run)
        .probeJitter(0).schedulerThread(false).logEvents(false)
        .target(TargetSpec.builder(Target.of("db"))
            .probe("ping", () -> {
              time.advance(Duration.ofMillis(30));  // the probe's own work, on the guard's ticker
              return Sample.of("db.up", 1);
            }, Duration.ofSeconds(5))
            .build())
        .build()) {
      ProcessGuardMetrics.monitor(guard, registry);
      guard.tick();
      time.advance(Duration.ofSeconds(5));
      guard.tick();

      Timer timer = registry.get("processguard.probe.duration").tags("target", "db", "probe", "ping").timer();
      assertThat(timer.count()).isEqualTo(2);
      assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60.0);
      assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(30.0);
    }
  }
}
