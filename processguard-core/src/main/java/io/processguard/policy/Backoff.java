package io.processguard.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff between restarts of one target, with jitter, a cap, and a reset after a
 * stable period (Akka {@code BackoffSupervisor}).
 *
 * <p>The first restart of a streak runs at once. The k-th restart after it (k = 1, 2, ...) waits
 * {@code min(max, initial * multiplier^(k-1))}, then spread by {@code ±jitter} of itself. The
 * spread is derived from the target's name and k, so the same state always yields the same
 * delay. A streak ends when no restart happened for {@code resetAfter}.
 *
 * @param initial the first delay; zero disables backoff
 * @param multiplier at least 1
 * @param max the cap, at least {@code initial}
 * @param jitter fraction in [0, 1)
 * @param resetAfter the stable period that ends a streak; positive
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter, Duration resetAfter) {

  /** The default: 5 s doubling to at most 5 min, ±20 % jitter, reset after 10 min stable. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(10));

  /** No delay between restarts (the budget still applies). */
  public static final Backoff NONE =
      new Backoff(Duration.ZERO, 1.0, Duration.ZERO, 0, Duration.ofMinutes(10));

  /** Validates. */
  public Backoff {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    requireNonNull(resetAfter, "resetAfter");
    if (initial.isNegative()) {
      throw new IllegalArgumentException("backoff initial must be >= 0, got " + initial);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff max must be >= initial " + initial + ", got " + max);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("backoff jitter must be in [0, 1), got " + jitter);
    }
    if (resetAfter.isNegative() || resetAfter.isZero()) {
      throw new IllegalArgumentException("backoff resetAfter must be positive, got " + resetAfter);
    }
  }

  /** Returns an exponential backoff with no jitter and a 10-minute reset. */
  public static Backoff exponential(Duration initial, double multiplier, Duration max) {
    return new Backoff(initial, multiplier, max, 0, Duration.ofMinutes(10));
  }

  /** Returns a copy with the given jitter fraction. */
  public Backoff withJitter(double fraction) {
    return new Backoff(initial, multiplier, max, fraction, resetAfter);
  }

  /** Returns a copy with the given stable period. */
  public Backoff withResetAfter(Duration stable) {
    return new Backoff(initial, multiplier, max, jitter, stable);
  }

  /**
   * Returns the delay before the restart that follows {@code previous} restarts of the current
   * streak, for the named target. Zero for the first.
   */
  public Duration delay(int previous, String target) {
    if (previous <= 0 || initial.isZero()) {
      return Duration.ZERO;
    }
    double base = initial.toNanos() * Math.pow(multiplier, previous - 1);
    double capped = Math.min(base, max.toNanos());
    double spread = jitter == 0 ? 0 : jitter * (2 * unit(target, previous) - 1);
    return Duration.ofNanos((long) Math.min(capped * (1 + spread), max.toNanos() * (1 + jitter)));
  }

  private static double unit(String target, int k) {
    long h = target.hashCode() * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L;
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 29;
    return (h >>> 11) * 0x1.0p-53;
  }
}
