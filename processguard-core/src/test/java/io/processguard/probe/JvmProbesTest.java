package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JvmProbesTest {
  private static final long MB = 1024 * 1024;
  private static final long S = 1_000_000_000L;
  private final FakeJvm jvm = new FakeJvm();
  private final ManualTicker time = new ManualTicker();

  @Test
  void heap_withMax_reportsUsedOverMax() throws Exception {
    jvm.heapUsed = 256 * MB;
    jvm.heapMax = 1024 * MB;
    Sample s = SignalSource.probe(new HeapSignals(jvm, time, null, true)).sample();
    assertThat(s.signals()).containsOnly(
        org.assertj.core.api.Assertions.entry(JvmProbes.HEAP_USED_RATIO, 0.25),
        org.assertj.core.api.Assertions.entry(JvmProbes.HEAP_USED_BYTES, 256.0 * MB),
        org.assertj.core.api.Assertions.entry(JvmProbes.HEAP_MAX_BYTES, 1024.0 * MB));
  }

  @Test
  void heap_withoutMax_usesCommitted() throws Exception {
    jvm.heapUsed = 100 * MB;
    jvm.heapCommitted = 400 * MB;
    Sample s = SignalSource.probe(new HeapSignals(jvm, time, null, true)).sample();
    assertThat(s.value(JvmProbes.HEAP_USED_RATIO)).isEqualTo(0.25);
    assertThat(s.value(JvmProbes.HEAP_MAX_BYTES)).isEqualTo(400.0 * MB);
  }

  @Test
  void heapGrowth_tenMegabytesPerMinute_reportsTheSlopeAndSpan() throws Exception {
    jvm.heapUsed = 200 * MB;
    Probe probe = JvmProbes.heapGrowth(jvm, Duration.ofMinutes(10), time);
    assertThat(probe.sample().value(JvmProbes.HEAP_GROWTH_BYTES_PER_MINUTE)).isZero();
    time.advance(Duration.ofMinutes(1));
    jvm.heapUsed += 10 * MB;
    Sample last = null;
    for (int i = 0; i < 3; i++) {
      last = probe.sample();
      time.advance(Duration.ofMinutes(1));
      jvm.heapUsed += 10 * MB;
    }
    assertThat(last.value(JvmProbes.HEAP_GROWTH_BYTES_PER_MINUTE)).isEqualTo(10.0 * MB);
    assertThat(last.value(JvmProbes.HEAP_GROWTH_WINDOW_SECONDS)).isEqualTo(180.0);
    assertThat(last.has(JvmProbes.HEAP_USED_RATIO)).isFalse();
  }

  @Test
  void heapGrowth_readingsLeaveTheWindow_slopeFollowsTheRecentOnes() throws Exception {
    Probe probe = JvmProbes.heapGrowth(jvm, Duration.ofMinutes(2), time);
    long[] used = {500, 100, 110, 120};
    Sample last = null;
    for (long u : used) {
      jvm.heapUsed = u * MB;
      last = probe.sample();
      time.advance(Duration.ofMinutes(1));
    }
    assertThat(last.value(JvmProbes.HEAP_GROWTH_BYTES_PER_MINUTE)).isEqualTo(10.0 * MB);
  }

  @Test
  void cpu_fromCpuTimeDeltas_isShareOfAllProcessors() throws Exception {
    jvm.processors = 2;
    jvm.uptimeNanos = 10 * S;
    jvm.cpuNanos = 4 * S;
    time.advance(Duration.ofSeconds(100));
    Probe probe = JvmProbes.cpu(jvm, time);
    assertThat(probe.sample().value(JvmProbes.CPU_PROCESS_RATIO)).isEqualTo(0.2);
    time.advance(Duration.ofSeconds(5));
    jvm.cpuNanos += 5 * S;
    assertThat(probe.sample().value(JvmProbes.CPU_PROCESS_RATIO)).isEqualTo(0.5);
    time.advance(Duration.ofMillis(500));
    jvm.cpuNanos += S;
    assertThat(probe.sample().value(JvmProbes.CPU_PROCESS_RATIO)).isEqualTo(0.5);
    time.advance(Duration.ofMillis(500));
    assertThat(probe.sample().value(JvmProbes.CPU_PROCESS_RATIO)).isEqualTo(0.5);
    time.advance(Duration.ofSeconds(1));
    jvm.cpuNanos += 10 * S;
    assertThat(probe.sample().value(JvmProbes.CPU_PROCESS_RATIO)).isEqualTo(1.0);
  }

  @Test
  void cpu_unsupported_leavesTheSignalOut() throws Exception {
    jvm.cpuNanos = -1;
    assertThat(JvmProbes.cpu(jvm, time).sample().signals()).isEmpty();
  }

  @Test
  void gc_fromCollectionTimeDeltas_isTimeOverWall() throws Exception {
    jvm.uptimeNanos = 10 * S;
    jvm.gcMillis = 500;
    time.advance(Duration.ofSeconds(10));
    Probe probe = JvmProbes.gc(jvm, time);
    assertThat(probe.sample().value(JvmProbes.GC_TIME_RATIO)).isEqualTo(0.05);
    time.advance(Duration.ofSeconds(2));
    jvm.gcMillis += 500;
    assertThat(probe.sample().value(JvmProbes.GC_TIME_RATIO)).isEqualTo(0.25);
    time.advance(Duration.ofSeconds(4));
    assertThat(probe.sample().value(JvmProbes.GC_TIME_RATIO)).isZero();
  }

  @Test
  void threads_deadlockCheck_runsAtMostOncePerPeriodAndRepeatsBetween() throws Exception {
    jvm.live = 42;
    Probe probe = JvmProbes.threads(jvm, Duration.ofSeconds(30), time);
    Sample first = probe.sample();
    assertThat(first.value(JvmProbes.THREADS_LIVE)).isEqualTo(42.0);
    assertThat(first.value(JvmProbes.THREADS_DEADLOCKED)).isZero();
    jvm.deadlocked = 2;
    time.advance(Duration.ofSeconds(29));
    assertThat(probe.sample().value(JvmProbes.THREADS_DEADLOCKED)).isZero();
    assertThat(jvm.deadlockChecks).isEqualTo(1);
    time.advance(Duration.ofSeconds(1));
    Sample later = probe.sample();
    assertThat(later.value(JvmProbes.THREADS_DEADLOCKED)).isEqualTo(2.0);
    assertThat(later.status()).isEqualTo(SampleStatus.UP);
    assertThat(later.detail()).isEqualTo("2 threads are deadlocked");
    assertThat(jvm.deadlockChecks).isEqualTo(2);
  }

  @Test
  void fileDescriptors_reported_giveOpenMaxAndRatio() throws Exception {
    jvm.fdOpen = 100;
    jvm.fdMax = 1000;
    Sample s = JvmProbes.fileDescriptors(jvm).sample();
    assertThat(s.value(JvmProbes.FD_OPEN)).isEqualTo(100.0);
    assertThat(s.value(JvmProbes.FD_MAX)).isEqualTo(1000.0);
    assertThat(s.value(JvmProbes.FD_RATIO)).isEqualTo(0.1);
  }

  @Test
  void fileDescriptors_unreported_leaveTheSignalsOut() throws Exception {
    assertThat(JvmProbes.fileDescriptors(jvm).sample().signals()).isEmpty();
  }

  @Test
  void all_oneSample_carriesEveryCheapSignalAndNeverChecksDeadlocks() throws Exception {
    jvm.heapUsed = 10 * MB;
    jvm.heapMax = 100 * MB;
    jvm.uptimeNanos = S;
    jvm.live = 7;
    jvm.fdOpen = 10;
    jvm.fdMax = 100;
    time.advance(Duration.ofSeconds(1));
    Sample s = JvmProbes.all(jvm, time).sample();
    assertThat(s.signals()).containsOnlyKeys(JvmProbes.HEAP_USED_RATIO, JvmProbes.HEAP_USED_BYTES,
        JvmProbes.HEAP_MAX_BYTES, JvmProbes.HEAP_GROWTH_BYTES_PER_MINUTE,
        JvmProbes.HEAP_GROWTH_WINDOW_SECONDS, JvmProbes.CPU_PROCESS_RATIO, JvmProbes.GC_TIME_RATIO,
        JvmProbes.THREADS_LIVE, JvmProbes.FD_OPEN, JvmProbes.FD_MAX, JvmProbes.FD_RATIO);
    assertThat(jvm.deadlockChecks).isZero();
  }

  @Test
  void all_realJvm_sampleHasPlausibleValues() throws Exception {
    Sample s = JvmProbes.all().sample();
    assertThat(s.status()).isEqualTo(SampleStatus.UP);
    assertThat(s.value(JvmProbes.HEAP_USED_RATIO)).isBetween(0.0, 1.0);
    assertThat(s.value(JvmProbes.CPU_PROCESS_RATIO)).isBetween(0.0, 1.0);
    assertThat(s.value(JvmProbes.THREADS_LIVE)).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void factories_nonPositiveDurations_areRejectedWithTheValue() {
    assertThatThrownBy(() -> JvmProbes.heapGrowth(Duration.ZERO, time))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, got PT0S");
    assertThatThrownBy(() -> JvmProbes.threads(Duration.ofSeconds(-1), time))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadlockCheckPeriod must be positive, got PT-1S");
  }
}
