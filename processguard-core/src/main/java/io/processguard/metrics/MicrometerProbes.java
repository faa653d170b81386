package io.processguard.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.processguard.probe.LatencyRecorder;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import java.util.concurrent.TimeUnit;

/**
 * Probes over meters an application already has in Micrometer, giving the same signals as the
 * built-in probes so that conditions work on either.
 *
 * <p>The probes are thread-safe to create; like every probe, one instance is not meant to run
 * concurrently with itself.
 */
public final class MicrometerProbes {
  private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
  private static final String[] SIGNALS = {
    LatencyRecorder.LATENCY_P50_MS, LatencyRecorder.LATENCY_P95_MS, LatencyRecorder.LATENCY_P99_MS
  };

  private MicrometerProbes() {}

  /**
   * Returns a probe of a Micrometer {@link Timer} with the signals of {@link LatencyRecorder}:
   * {@code latency.p50.ms}, {@code latency.p95.ms}, {@code latency.p99.ms}, {@code
   * latency.max.ms} and {@code latency.count}.
   *
   * <p>What the timer must publish: the percentiles 0.5, 0.95 and 0.99 ({@code
   * publishPercentiles(0.5, 0.95, 0.99)}), which are used as they are; or a histogram ({@code
   * publishPercentileHistogram()} or service-level objectives) with cumulative bucket counts, the
   * default of most registries, from which a missing percentile is taken as the upper edge of the
   * bucket holding it, capped at the max. Both are windowed by the timer's distribution expiry.
   * {@code latency.max.ms} is the timer's decaying max; {@code latency.count} is the number of
   * events recorded since the previous sample (the total at the first).
   *
   * @throws IllegalArgumentException when the timer publishes neither
   */
  public static Probe timer(Timer timer) {
    requireNonNull(timer, "timer");
    HistogramSnapshot first = timer.takeSnapshot();
    if (first.histogramCounts().length == 0 && !hasAll(first.percentileValues())) {
      throw new IllegalArgumentException("timer '" + timer.getId().getName()
          + "' publishes neither percentiles 0.5, 0.95, 0.99 nor a histogram: build it with"
          + " publishPercentiles(0.5, 0.95, 0.99) or publishPercentileHistogram()");
    }
    return new TimerProbe(timer);
  }

  private static boolean hasAll(ValueAtPercentile[] published) {
    for (double p : PERCENTILES) {
      if (Double.isNaN(published(published, p))) {
        return false;
      }
    }
    return true;
  }

  private static double published(ValueAtPercentile[] published, double percentile) {
    for (ValueAtPercentile v : published) {
      if (Math.abs(v.percentile() - percentile) < 1e-9) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }

  /** Upper edge of the bucket holding the percentile, capped at max; 0 without events. */
  static double fromHistogram(CountAtBucket[] cumulative, double percentile, double maxMs) {
    if (cumulative.length == 0) {
      return 0;
    }
    double total = cumulative[cumulative.length - 1].count();
    if (total <= 0) {
      return 0;
    }
    double rank = Math.max(1, Math.ceil(percentile * total));
    for (CountAtBucket b : cumulative) {
      if (b.count() >= rank) {
        return Math.min(b.bucket(TimeUnit.MILLISECONDS), maxMs);
      }
    }
    return maxMs;
  }

  /** The timer probe. */
  private static final class TimerProbe implements Probe {
    private final Timer timer;
    private long lastCount;

    TimerProbe(Timer timer) {
      this.timer = timer;
    }

    @Override
    public Sample sample() {
      HistogramSnapshot snap = timer.takeSnapshot();
      double max = snap.max(TimeUnit.MILLISECONDS);
      Sample.Builder out = Sample.builder();
      for (int i = 0; i < PERCENTILES.length; i++) {
        double v = published(snap.percentileValues(), PERCENTILES[i]);
        out.signal(SIGNALS[i], Double.isNaN(v) ? fromHistogram(snap.histogramCounts(), PERCENTILES[i], max) : v);
      }
      long count = snap.count();
      long delta = Math.max(0, count - lastCount);
      lastCount = count;
      return out.signal(LatencyRecorder.LATENCY_MAX_MS, max)
          .signal(LatencyRecorder.LATENCY_COUNT, delta)
          .build();
    }
  }
}
