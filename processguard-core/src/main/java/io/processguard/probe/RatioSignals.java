package io.processguard.probe;

import io.processguard.spi.Ticker;

/**
 * {@code cpu.process.ratio} from process CPU time deltas, or {@code gc.time.ratio} from
 * collection time deltas, over wall time measured by the ticker.
 *
 * <p>CPU is a share of all available processors; GC is collection time over wall time (the
 * collectors' times are summed, so a collector that reports concurrent cycles as well as pauses
 * counts both; the ratio is clamped to 1). Emits nothing when the platform reports no counter.
 * Not thread-safe.
 */
final class RatioSignals implements SignalSource {
  private final JvmReadings jvm;
  private final Ticker ticker;
  private final boolean cpu;
  private final DeltaRatio ratio;

  RatioSignals(JvmReadings jvm, Ticker ticker, boolean cpu, long minWindowNanos) {
    this.jvm = jvm;
    this.ticker = ticker;
    this.cpu = cpu;
    this.ratio = new DeltaRatio(0, ticker.read() - jvm.uptimeNanos(), minWindowNanos);
  }

  @Override
  public void read(Sample.Builder out) {
    long work = cpu ? jvm.processCpuNanos() : jvm.gcTimeMillis();
    if (work < 0) {
      return;
    }
    long now = ticker.read();
    if (cpu) {
      out.signal(JvmProbes.CPU_PROCESS_RATIO, ratio.update(work, now, jvm.availableProcessors()));
    } else {
      out.signal(JvmProbes.GC_TIME_RATIO, ratio.update(work * 1_000_000L, now, 1));
    }
  }
}
