package io.processguard.probe;

/**
 * The ratio of a growing work counter (CPU time, GC time) to the wall time that passed, over
 * windows of at least a minimum length.
 *
 * <p>Design: the baseline moves only when the window since it is at least {@code minWindowNanos}
 * long; a sample asked for sooner repeats the last ratio, because counters such as {@code
 * getProcessCpuTime} move in steps of about 10 ms and a short window would read as 0 or 100%.
 * The first baseline is given by the creator: the JVM's start (counter 0, ticker now minus the
 * uptime), so the first sample reports the average since start. The result is clamped to 0..1.
 *
 * <p>Not thread-safe.
 */
final class DeltaRatio {
  private final long minWindowNanos;
  private long baseWork;
  private long baseWall;
  private double last;
  private boolean computed;

  DeltaRatio(long work, long wall, long minWindowNanos) {
    this.baseWork = work;
    this.baseWall = wall;
    this.minWindowNanos = minWindowNanos;
  }

  /**
   * Returns the ratio of work to wall time since the baseline, or the last ratio when the window
   * is still shorter than the minimum.
   *
   * @param work the counter now, in nanoseconds
   * @param wall the ticker now, in nanoseconds
   * @param capacity how many wall nanoseconds of work one wall nanosecond can hold (processors)
   */
  double update(long work, long wall, int capacity) {
    long elapsed = wall - baseWall;
    if (elapsed <= 0 || (elapsed < minWindowNanos && computed)) {
      return last;
    }
    double ratio = (double) (work - baseWork) / ((double) elapsed * capacity);
    last = Math.max(0, Math.min(1, ratio));
    computed = true;
    baseWork = work;
    baseWall = wall;
    return last;
  }
}
