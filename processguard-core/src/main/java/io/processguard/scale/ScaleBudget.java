package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * At most {@code maxSteps} scale steps (up or down, failed ones too) per policy within a sliding
 * window of {@code period}: a step made at {@code t} counts while {@code now - t < period}.
 * Exhausted means hold and say so once, never a storm.
 *
 * <p>Immutable.
 *
 * @param maxSteps at least 1
 * @param period positive
 */
public record ScaleBudget(int maxSteps, Duration period) {

  /** The default: 20 steps within 10 minutes. */
  public static final ScaleBudget DEFAULT = new ScaleBudget(20, Duration.ofMinutes(10));

  /** Validates. */
  public ScaleBudget {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("scale budget maxSteps must be >= 1, got " + maxSteps);
    }
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("scale budget period must be positive, got " + period);
    }
  }

  /** Returns a budget of {@code max} steps within {@code period}. */
  public static ScaleBudget of(int max, Duration period) {
    return new ScaleBudget(max, period);
  }
}
