package io.processguard.probe;

/**
 * A sliding window of timed readings and their least-squares slope, per minute.
 *
 * <p>Design: a fixed ring of (ticker nanos, value) pairs; readings older than the window, or
 * beyond the capacity, are dropped oldest first. The slope is the ordinary least-squares fit
 * {@code (n sum(xy) - sum(x) sum(y)) / (n sum(x^2) - sum(x)^2)}, computed in one pass over at
 * most {@code capacity} points when asked, with x in minutes and y measured from the oldest
 * reading so that the sums stay small and cancellation does not eat the precision.
 *
 * <p>Not thread-safe; pure, no clock of its own.
 */
final class SlopeWindow {
  private static final double MINUTES_PER_NANO = 1 / 60e9;

  private final long windowNanos;
  private final long[] times;
  private final double[] values;
  private int head;
  private int size;

  SlopeWindow(long windowNanos, int capacity) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("windowNanos must be positive, got " + windowNanos);
    }
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
    }
    this.windowNanos = windowNanos;
    this.times = new long[capacity];
    this.values = new double[capacity];
  }

  /** Adds a reading taken at {@code nanos}, dropping readings that left the window. */
  void add(long nanos, double value) {
    while (size > 0 && nanos - times[head] > windowNanos) {
      drop();
    }
    if (size == times.length) {
      drop();
    }
    int tail = index(size);
    times[tail] = nanos;
    values[tail] = value;
    size++;
  }

  private void drop() {
    head = next(head);
    size--;
  }

  /** Returns how many readings the window holds. */
  int size() {
    return size;
  }

  /** Returns the time between the oldest and the newest reading, in nanoseconds. */
  long spanNanos() {
    return size == 0 ? 0 : times[index(size - 1)] - times[head];
  }

  /** Returns the least-squares slope in value units per minute; 0 with fewer than two times. */
  double slopePerMinute() {
    if (size < 2) {
      return 0;
    }
    long t0 = times[head];
    double y0 = values[head];
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0, j = head; i < size; i++, j = next(j)) {
      double x = (times[j] - t0) * MINUTES_PER_NANO;
      double y = values[j] - y0;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double den = size * sxx - sx * sx;
    return den == 0 ? 0 : (size * sxy - sx * sy) / den;
  }

  private int index(int i) {
    int j = head + i;
    return j < times.length ? j : j - times.length;
  }

  private int next(int j) {
    return j + 1 == times.length ? 0 : j + 1;
  }
}
