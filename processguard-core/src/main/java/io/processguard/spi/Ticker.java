package io.processguard.spi;

/**
 * A source of monotonic nanoseconds, used for every duration ProcessGuard measures (probe
 * intervals, timeouts, debounce windows, backoff, budgets).
 *
 * <p>Implementations must be thread-safe and never go backwards. {@link #system()} reads
 * {@link System#nanoTime()}; tests inject a manual ticker so that time only moves when the test
 * says so.
 */
@FunctionalInterface
public interface Ticker {

  /** Returns the current reading in nanoseconds; only differences between readings matter. */
  long read();

  /** Returns the ticker backed by {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
