package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  private final ManualTicker time = new ManualTicker();
  private final LatencyRecorder recorder = LatencyRecorder.builder()
      .ticker(time).window(Duration.ofMinutes(1)).slices(6).build();

  @Test
  void probe_oneToHundredMillis_reportsBucketEdgesCappedAtExactMax() throws Exception {
    for (int ms = 100; ms >= 1; ms--) {
      recorder.record(Duration.ofMillis(ms));
    }
    Sample s = recorder.probe().sample();
    assertThat(s.value(LatencyRecorder.LATENCY_P50_MS)).isEqualTo(50.331647);
    assertThat(s.value(LatencyRecorder.LATENCY_P95_MS)).isEqualTo(96.468991);
    assertThat(s.value(LatencyRecorder.LATENCY_P99_MS)).isEqualTo(100.0);
    assertThat(s.value(LatencyRecorder.LATENCY_MAX_MS)).isEqualTo(100.0);
    assertThat(s.value(LatencyRecorder.LATENCY_COUNT)).isEqualTo(100.0);
  }

  @Test
  void probe_identicalLatencies_reportsThemExactly() throws Exception {
    for (int i = 0; i < 10; i++) {
      recorder.recordNanos(7_000_000);
    }
    Sample s = recorder.probe().sample();
    assertThat(s.value(LatencyRecorder.LATENCY_P50_MS)).isEqualTo(7.0);
    assertThat(s.value(LatencyRecorder.LATENCY_P99_MS)).isEqualTo(7.0);
  }

  @Test
  void snapshot_smallValues_areExact() {
    for (long v = 10; v <= 60; v += 10) {
      recorder.recordNanos(v);
    }
    LatencyRecorder.Snapshot snap = recorder.snapshot();
    assertThat(snap.valueAtPercentile(0.5)).isEqualTo(30);
    assertThat(snap.valueAtPercentile(0.51)).isEqualTo(40);
    assertThat(snap.valueAtPercentile(1.0)).isEqualTo(60);
    assertThat(snap.maxNanos()).isEqualTo(60);
  }

  @Test
  void probe_empty_reportsZeros() throws Exception {
    Sample s = recorder.probe().sample();
    assertThat(s.signals()).containsOnly(
        org.assertj.core.api.Assertions.entry(LatencyRecorder.LATENCY_P50_MS, 0.0),
        org.assertj.core.api.Assertions.entry(LatencyRecorder.LATENCY_P95_MS, 0.0),
        org.assertj.core.api.Assertions.entry(LatencyRecorder.LATENCY_P99_MS, 0.0),
        org.assertj.core.api.Assertions.entry(LatencyRecorder.LATENCY_MAX_MS, 0.0),
        org.assertj.core.api.Assertions.entry(LatencyRecorder.LATENCY_COUNT, 0.0));
  }

  @Test
  void snapshot_afterWindowPasses_oldSlicesExpire() {
    recorder.record(Duration.ofMillis(100));
    time.advance(Duration.ofSeconds(30));
    recorder.record(Duration.ofMillis(1));
    assertThat(recorder.snapshot().count()).isEqualTo(2);
    assertThat(recorder.snapshot().maxNanos()).isEqualTo(100_000_000);
    time.advance(Duration.ofSeconds(29));
    assertThat(recorder.snapshot().count()).isEqualTo(2);
    time.advance(Duration.ofSeconds(1));
    assertThat(recorder.snapshot().count()).isEqualTo(1);
    assertThat(recorder.snapshot().maxNanos()).isEqualTo(1_000_000);
    time.advance(Duration.ofSeconds(30));
    assertThat(recorder.snapshot().count()).isZero();
    assertThat(recorder.snapshot().maxNanos()).isZero();
  }

  @Test
  void recordNanos_afterAFullWindowOfSilence_recyclesTheSlot() {
    recorder.recordNanos(5);
    time.advance(Duration.ofMinutes(1));
    recorder.recordNanos(9);
    assertThat(recorder.snapshot().count()).isEqualTo(1);
    assertThat(recorder.snapshot().valueAtPercentile(0.5)).isEqualTo(9);
  }

  @Test
  void recordNanos_manyThreads_loseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) {
            recorder.recordNanos(1_000 + i);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(recorder.snapshot().count()).isEqualTo(40_000);
    assertThat(recorder.snapshot().maxNanos()).isEqualTo(10_999);
  }

  @Test
  void record_negative_isRejectedWithTheValue() {
    assertThatThrownBy(() -> recorder.recordNanos(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("latency must not be negative, got -1ns");
    assertThatThrownBy(() -> recorder.record(Duration.ofMillis(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("latency must not be negative, got PT-0.002S");
  }

  @Test
  void valueAtPercentile_outOfRange_isRejected() {
    assertThatThrownBy(() -> recorder.snapshot().valueAtPercentile(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("percentile must be in (0, 1], got 0.0");
  }

  @Test
  void builder_badArguments_areRejectedWithTheValue() {
    assertThatThrownBy(() -> LatencyRecorder.builder().slices(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("slices must be 1..60, got 0");
    assertThatThrownBy(() -> LatencyRecorder.builder().window(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be 1ms..1d, got PT0S");
    assertThatThrownBy(() -> LatencyRecorder.builder().window(Duration.ofMillis(10)).slices(20).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window PT0.01S in 20 slices gives slices under 1ms");
  }
}
