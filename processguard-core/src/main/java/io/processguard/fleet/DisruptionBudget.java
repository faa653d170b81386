package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * How much of the fleet may be disrupted (restarted, failed over) at once, and how often:
 * at most {@code maxConcurrent} disruptions at a time, and, when {@code maxFraction} is above 0,
 * at most that fraction of the live instances (rounded down, at least 1); at most {@code
 * maxStarts} disruptions starting within any {@code period}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxConcurrent at most this many at once, fleet-wide; at least 1
 * @param maxFraction 0 for no fraction limit, else 0 &lt; f &le; 1 of the live instances
 * @param maxStarts at most this many starts within {@code period}; at least 1
 * @param period the rate limit's window
 */
public record DisruptionBudget(int maxConcurrent, double maxFraction, int maxStarts, Duration period) {
  /** Default rate limit: {@value} disruption starts per {@link #DEFAULT_PERIOD}. */
  public static final int DEFAULT_MAX_STARTS = 30;
  /** Default rate window: 10 minutes. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(10);

  /** Validates. */
  public DisruptionBudget {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
    }
    if (!(maxFraction >= 0 && maxFraction <= 1)) {
      throw new IllegalArgumentException("maxFraction must be 0..1, got " + maxFraction);
    }
    if (maxStarts < 1) {
      throw new IllegalArgumentException("maxStarts must be >= 1, got " + maxStarts);
    }
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
  }

  /** At most {@code maxConcurrent} at once, with the default rate limit. */
  public static DisruptionBudget of(int maxConcurrent) {
    return new DisruptionBudget(maxConcurrent, 0, DEFAULT_MAX_STARTS, DEFAULT_PERIOD);
  }

  /** Returns a copy that also limits to a fraction of the live instances. */
  public DisruptionBudget withMaxFraction(double fraction) {
    return new DisruptionBudget(maxConcurrent, fraction, maxStarts, period);
  }

  /** Returns a copy with a rate limit of {@code starts} per {@code window}. */
  public DisruptionBudget withRate(int starts, Duration window) {
    return new DisruptionBudget(maxConcurrent, maxFraction, starts, window);
  }

  /** Returns how many may be disrupted at once in a fleet of {@code liveInstances}. */
  public int limit(int liveInstances) {
    if (maxFraction == 0) {
      return maxConcurrent;
    }
    int byFraction = Math.max(1, (int) Math.floor(maxFraction * Math.max(liveInstances, 1)));
    return Math.min(maxConcurrent, byFraction);
  }

  /**
   * Returns how many disruptions one instance may hold on its own while the store is away: the
   * fleet limit divided by the last known fleet size, rounded down. All instances cut off at once
   * then still stay within the fleet limit; in a fleet larger than the limit it is 0.
   */
  public int offlineShare(int lastKnownInstances) {
    int n = Math.max(lastKnownInstances, 1);
    return limit(n) / n;
  }

  String describe() {
    return String.format(Locale.ROOT, "max %d at once%s, max %d starts per %s", maxConcurrent,
        maxFraction == 0 ? "" : String.format(Locale.ROOT, " and %.0f%% of live instances", maxFraction * 100),
        maxStarts, period);
  }
}
