package io.processguard.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * At most {@code maxRestarts} restart attempts per target within a sliding window of {@code
 * period} (Erlang/OTP intensity and period). Failed and timed-out attempts count.
 *
 * <p>Window: at time {@code now} an attempt made at {@code t} counts while {@code now - t <
 * period}; an attempt exactly {@code period} ago no longer counts. A restart is allowed when
 * fewer than {@code maxRestarts} attempts count.
 *
 * @param maxRestarts at least 1
 * @param period positive
 */
public record RestartBudget(int maxRestarts, Duration period) {

  /** The default: 3 restarts within 10 minutes. */
  public static final RestartBudget DEFAULT = new RestartBudget(3, Duration.ofMinutes(10));

  /** Validates. */
  public RestartBudget {
    if (maxRestarts < 1) {
      throw new IllegalArgumentException("restart budget maxRestarts must be >= 1, got " + maxRestarts);
    }
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("restart budget period must be positive, got " + period);
    }
  }

  /** Returns a budget of {@code max} restarts within {@code period}. */
  public static RestartBudget of(int max, Duration period) {
    return new RestartBudget(max, period);
  }
}
