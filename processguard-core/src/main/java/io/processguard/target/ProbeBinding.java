package io.processguard.target;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A probe, by its registered name, bound to a target with an interval and a timeout.
 *
 * @param probe the probe's registered name
 * @param interval how often it runs; at least 1 ms
 * @param timeout how long one run may take; positive and at most the interval
 */
public record ProbeBinding(String probe, Duration interval, Duration timeout) {

  /** Default probe timeout when none is given: the interval, capped at 10 seconds. */
  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(10);

  /** Validates. */
  public ProbeBinding {
    if (probe == null || probe.isBlank()) {
      throw new IllegalArgumentException("probe name must not be blank, got '" + probe + "'");
    }
    requireNonNull(interval, "interval");
    requireNonNull(timeout, "timeout");
    if (interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "probe '" + probe + "': interval must be at least 1ms, got " + interval);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "probe '" + probe + "': timeout must be positive and at most the interval " + interval
              + ", got " + timeout);
    }
  }

  /** Binds a probe with the default timeout. */
  public static ProbeBinding of(String probe, Duration interval) {
    requireNonNull(interval, "interval");
    Duration timeout = interval.compareTo(DEFAULT_MAX_TIMEOUT) < 0 ? interval : DEFAULT_MAX_TIMEOUT;
    return new ProbeBinding(probe, interval, timeout);
  }
}
