package io.processguard.probe;

import io.processguard.spi.Ticker;
import java.lang.management.MemoryUsage;
import org.jspecify.annotations.Nullable;

/**
 * Heap signals from one heap reading: {@code heap.used.ratio}, {@code heap.used.bytes}, {@code
 * heap.max.bytes} and, when a growth window is given, {@code heap.growth.bytes.per.minute} and
 * {@code heap.growth.window.seconds}.
 *
 * <p>The ratio is used over max, or over committed when the JVM reports no max. Not thread-safe.
 */
final class HeapSignals implements SignalSource {
  private final JvmReadings jvm;
  private final Ticker ticker;
  private final @Nullable SlopeWindow growth;
  private final boolean usage;

  HeapSignals(JvmReadings jvm, Ticker ticker, @Nullable SlopeWindow growth, boolean usage) {
    this.jvm = jvm;
    this.ticker = ticker;
    this.growth = growth;
    this.usage = usage;
  }

  @Override
  public void read(Sample.Builder out) {
    MemoryUsage heap = jvm.heap();
    long used = heap.getUsed();
    if (usage) {
      long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
      out.signal(JvmProbes.HEAP_USED_RATIO, max > 0 ? (double) used / max : 0)
          .signal(JvmProbes.HEAP_USED_BYTES, used)
          .signal(JvmProbes.HEAP_MAX_BYTES, max);
    }
    SlopeWindow window = growth;
    if (window != null) {
      window.add(ticker.read(), used);
      out.signal(JvmProbes.HEAP_GROWTH_BYTES_PER_MINUTE, window.slopePerMinute())
          .signal(JvmProbes.HEAP_GROWTH_WINDOW_SECONDS, window.spanNanos() / 1e9);
    }
  }
}
