package io.processguard.probe;

import static java.util.Objects.requireNonNull;

import io.processguard.spi.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A recorder of operation latencies over a sliding time window, and the probe of their
 * percentiles: {@code latency.p50.ms}, {@code latency.p95.ms}, {@code latency.p99.ms}, {@code
 * latency.max.ms} and {@code latency.count}.
 *
 * <pre>{@code
 * LatencyRecorder checkout = LatencyRecorder.of();
 * long start = System.nanoTime();
 * ...
 * checkout.recordNanos(System.nanoTime() - start);
 * TargetSpec.builder(target).probe("latency", checkout.probe(), Duration.ofSeconds(5))
 * }</pre>
 *
 * <p>Thread-safe; recording takes no lock and allocates nothing except once per slice of time.
 *
 * <p>Design: the window is a ring of {@code slices} per-interval histograms; an interval's slot
 * is claimed by the first recording in it (compare-and-set of a fresh histogram), so the window
 * moves with time even when nothing reads it. A read sums the slices of the last {@code slices}
 * intervals, so it covers between {@code window * (slices - 1) / slices} and {@code window} of
 * history. Each histogram uses log-linear buckets with 5 significant bits (as HdrHistogram):
 * exact below 64 ns; above, a reported percentile is the upper edge of its bucket, at most 3.125%
 * above the true value, and never above the exact maximum. Values from 2^40 ns (about 18.3
 * minutes) up share the last bucket; the maximum stays exact. Recording costs a ticker read
 * (~25 ns for {@link Ticker#system()}) plus one atomic increment; a recording in flight while its
 * slot is recycled after a full window may be lost.
 */
public final class LatencyRecorder {

  /** 50th percentile latency in the window, in milliseconds. */
  public static final String LATENCY_P50_MS = "latency.p50.ms";
  /** 95th percentile latency in the window, in milliseconds. */
  public static final String LATENCY_P95_MS = "latency.p95.ms";
  /** 99th percentile latency in the window, in milliseconds. */
  public static final String LATENCY_P99_MS = "latency.p99.ms";
  /** Largest latency in the window, in milliseconds (exact). */
  public static final String LATENCY_MAX_MS = "latency.max.ms";
  /** Number of latencies recorded in the window. */
  public static final String LATENCY_COUNT = "latency.count";

  /** Default window: 1 minute. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  /** Default number of slices the window moves by: 6 (10 seconds each with the default window). */
  public static final int DEFAULT_SLICES = 6;

  private static final double NANOS_PER_MS = 1e6;

  private final Ticker ticker;
  private final long sliceNanos;
  private final int slices;
  private final AtomicReferenceArray<Slice> ring;

  private LatencyRecorder(Ticker ticker, Duration window, int slices) {
    this.ticker = ticker;
    this.slices = slices;
    this.sliceNanos = window.toNanos() / slices;
    this.ring = new AtomicReferenceArray<>(slices);
    for (int i = 0; i < slices; i++) {
      ring.set(i, new Slice(Long.MIN_VALUE));
    }
  }

  /** Returns a recorder with a 1-minute window in 6 slices, on the system ticker. */
  public static LatencyRecorder of() {
    return builder().build();
  }

  /** Starts a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Records one latency; negative durations are rejected. */
  public void record(Duration latency) {
    requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + latency);
    }
    recordNanos(latency.getSeconds() >= 9_000_000_000L ? Long.MAX_VALUE : latency.toNanos());
  }

  /** Records one latency in nanoseconds; must not be negative. */
  public void recordNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("latency must not be negative, got " + nanos + "ns");
    }
    slice(Math.floorDiv(ticker.read(), sliceNanos)).record(nanos);
  }

  private Slice slice(long epoch) {
    int i = (int) Math.floorMod(epoch, (long) slices);
    Slice s = ring.get(i);
    if (s.epoch >= epoch) {
      return s;
    }
    Slice fresh = new Slice(epoch);
    return ring.compareAndSet(i, s, fresh) ? fresh : ring.get(i);
  }

  /** Returns the latencies of the current window. Thread-safe; allocates one bucket array. */
  public Snapshot snapshot() {
    long epoch = Math.floorDiv(ticker.read(), sliceNanos);
    long[] counts = new long[LogBuckets.COUNT];
    long total = 0;
    long max = 0;
    for (int i = 0; i < slices; i++) {
      Slice s = ring.get(i);
      if (s.epoch > epoch - slices && s.epoch <= epoch) {
        total += s.addTo(counts);
        max = Math.max(max, s.max.get());
      }
    }
    return new Snapshot(counts, total, max);
  }

  /** Returns a probe of this recorder's window; each sample reads a {@link #snapshot()}. */
  public Probe probe() {
    return () -> snapshot().toSample();
  }

  /** One interval's histogram. */
  private static final class Slice {
    final long epoch;
    final AtomicLongArray counts;
    final AtomicLong max = new AtomicLong();

    Slice(long epoch) {
      this.epoch = epoch;
      this.counts = new AtomicLongArray(epoch == Long.MIN_VALUE ? 0 : LogBuckets.COUNT);
    }

    void record(long nanos) {
      counts.getAndIncrement(LogBuckets.index(nanos));
      long m = max.get();
      while (nanos > m && !max.compareAndSet(m, nanos)) {
        m = max.get();
      }
    }

    long addTo(long[] into) {
      long total = 0;
      for (int b = 0; b < counts.length(); b++) {
        long c = counts.get(b);
        into[b] += c;
        total += c;
      }
      return total;
    }
  }

  /**
   * The latencies of one window, read at one moment. Immutable.
   */
  public static final class Snapshot {
    private final long[] counts;
    private final long count;
    private final long maxNanos;

    Snapshot(long[] counts, long count, long maxNanos) {
      this.counts = counts;
      this.count = count;
      this.maxNanos = maxNanos;
    }

    /** Returns how many latencies the window holds. */
    public long count() {
      return count;
    }

    /** Returns the largest latency in nanoseconds, exact; 0 when empty. */
    public long maxNanos() {
      return maxNanos;
    }

    /**
     * Returns the latency at a percentile in nanoseconds: the upper edge of the bucket holding
     * the {@code ceil(p * count)}-th smallest value, capped at the maximum; 0 when empty.
     *
     * @param percentile 0 (exclusive) to 1 (inclusive)
     */
    public long valueAtPercentile(double percentile) {
      if (!(percentile > 0 && percentile <= 1)) {
        throw new IllegalArgumentException("percentile must be in (0, 1], got " + percentile);
      }
      if (count == 0) {
        return 0;
      }
      long rank = Math.max(1, (long) Math.ceil(percentile * count));
      long seen = 0;
      for (int b = 0; b < counts.length; b++) {
        seen += counts[b];
        if (seen >= rank) {
          return Math.min(LogBuckets.upperBound(b), maxNanos);
        }
      }
      return maxNanos;
    }

    /** Returns the sample of the five latency signals. */
    public Sample toSample() {
      return Sample.builder()
          .signal(LATENCY_P50_MS, valueAtPercentile(0.5) / NANOS_PER_MS)
          .signal(LATENCY_P95_MS, valueAtPercentile(0.95) / NANOS_PER_MS)
          .signal(LATENCY_P99_MS, valueAtPercentile(0.99) / NANOS_PER_MS)
          .signal(LATENCY_MAX_MS, maxNanos / NANOS_PER_MS)
          .signal(LATENCY_COUNT, count)
          .build();
    }
  }

  /** Builds a {@link LatencyRecorder}; not thread-safe. */
  public static final class Builder {
    private Ticker ticker = Ticker.system();
    private Duration window = DEFAULT_WINDOW;
    private int slices = DEFAULT_SLICES;

    private Builder() {}

    /** Sets the time source of the window; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets how much history a read covers; default {@link #DEFAULT_WINDOW}. */
    public Builder window(Duration window) {
      requireNonNull(window, "window");
      if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("window must be 1ms..1d, got " + window);
      }
      this.window = window;
      return this;
    }

    /** Sets how many steps the window moves by, 1..60; default {@link #DEFAULT_SLICES}. */
    public Builder slices(int slices) {
      if (slices < 1 || slices > 60) {
        throw new IllegalArgumentException("slices must be 1..60, got " + slices);
      }
      this.slices = slices;
      return this;
    }

    /** Returns the recorder. */
    public LatencyRecorder build() {
      if (window.toNanos() / slices < 1_000_000) {
        throw new IllegalArgumentException(
            "window " + window + " in " + slices + " slices gives slices under 1ms");
      }
      return new LatencyRecorder(ticker, window, slices);
    }
  }
}
