package io.processguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processguard.probe.LatencyRecorder;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerProbesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());

  private static void record(Timer timer, int times, long millis) {
    for (int i = 0; i < times; i++) {
      timer.record(Duration.ofMillis(millis));
    }
  }

  @Test
  void timer_publishedPercentiles_areUsedAsTheyAre() throws Exception {
    Timer timer = Timer.builder("checkout").publishPercentiles(0.5, 0.95, 0.99).register(registry);
    record(timer, 10, 20);
    Sample s = MicrometerProbes.timer(timer).sample();
    // 19.922944 ms is Micrometer's own estimate of 20 ms, passed on unchanged
    assertThat(s.signals()).containsOnly(
        entry(LatencyRecorder.LATENCY_P50_MS, 19.922944),
        entry(LatencyRecorder.LATENCY_P95_MS, 19.922944),
        entry(LatencyRecorder.LATENCY_P99_MS, 19.922944),
        entry(LatencyRecorder.LATENCY_MAX_MS, 20.0),
        entry(LatencyRecorder.LATENCY_COUNT, 10.0));
  }

  @Test
  void timer_histogramOnly_takesBucketEdgesCappedAtMax() throws Exception {
    Timer timer = Timer.builder("checkout")
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100))
        .register(registry);
    record(timer, 5, 5);
    record(timer, 4, 30);
    record(timer, 1, 80);
    Sample s = MicrometerProbes.timer(timer).sample();
    assertThat(s.signals()).containsOnly(
        entry(LatencyRecorder.LATENCY_P50_MS, 10.0),
        entry(LatencyRecorder.LATENCY_P95_MS, 80.0),
        entry(LatencyRecorder.LATENCY_P99_MS, 80.0),
        entry(LatencyRecorder.LATENCY_MAX_MS, 80.0),
        entry(LatencyRecorder.LATENCY_COUNT, 10.0));
  }

  @Test
  void timer_secondSample_countsEventsSinceThePrevious() throws Exception {
    Timer timer = Timer.builder("checkout").publishPercentiles(0.5, 0.95, 0.99).register(registry);
    Probe probe = MicrometerProbes.timer(timer);
    record(timer, 3, 1);
    assertThat(probe.sample().value(LatencyRecorder.LATENCY_COUNT)).isEqualTo(3.0);
    record(timer, 2, 1);
    assertThat(probe.sample().value(LatencyRecorder.LATENCY_COUNT)).isEqualTo(2.0);
    assertThat(probe.sample().value(LatencyRecorder.LATENCY_COUNT)).isZero();
  }

  @Test
  void timer_publishingNothing_isRejectedWithTheFix() {
    Timer timer = Timer.builder("checkout").publishPercentiles(0.5).register(registry);
    assertThatThrownBy(() -> MicrometerProbes.timer(timer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timer 'checkout' publishes neither percentiles 0.5, 0.95, 0.99 nor a histogram:"
            + " build it with publishPercentiles(0.5, 0.95, 0.99) or publishPercentileHistogram()");
  }

  @Test
  void fromHistogram_emptyOrBeyondTheLastBucket_fallsBackToZeroOrMax() {
    double ms = TimeUnit.MILLISECONDS.toNanos(1);
    assertThat(MicrometerProbes.fromHistogram(new CountAtBucket[0], 0.5, 7)).isZero();
    CountAtBucket[] none = {new CountAtBucket(10 * ms, 0)};
    assertThat(MicrometerProbes.fromHistogram(none, 0.5, 7)).isZero();
    CountAtBucket[] some = {new CountAtBucket(10 * ms, 2), new CountAtBucket(20 * ms, 4)};
    assertThat(MicrometerProbes.fromHistogram(some, 0.5, 70)).isEqualTo(10.0);
    assertThat(MicrometerProbes.fromHistogram(some, 0.99, 70)).isEqualTo(20.0);
  }
}
