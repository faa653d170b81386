package io.processguard.probe;

/**
 * The bucket layout of {@link LatencyRecorder}: log-linear buckets over nanoseconds, in the
 * manner of HdrHistogram with 5 significant bits.
 *
 * <p>Values below 64 ns have a bucket each (exact). Above, each power of two is split into 32
 * equal buckets, so a bucket's width is at most 1/32 (3.125%) of its lower bound. Values at or
 * above {@link #MAX_TRACKABLE_NANOS} (2^40 ns, about 18.3 minutes) share the last bucket. Pure
 * and thread-safe.
 */
final class LogBuckets {
  /** The largest value with a bucket of its own precision: 2^40 - 1 ns. */
  static final long MAX_TRACKABLE_NANOS = (1L << 40) - 1;
  private static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  private static final int EXACT = 2 * SUB;
  /** Number of buckets. */
  static final int COUNT = index(MAX_TRACKABLE_NANOS) + 1;

  private LogBuckets() {}

  /** Returns the bucket of a non-negative value. */
  static int index(long nanos) {
    long v = Math.min(nanos, MAX_TRACKABLE_NANOS);
    if (v < EXACT) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
    int m = (int) (v >>> shift);
    return EXACT + (shift - 1) * SUB + (m - SUB);
  }

  /** Returns the largest value that falls in the bucket. */
  static long upperBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int shift = (index - EXACT) / SUB + 1;
    long m = (index - EXACT) % SUB + SUB;
    return ((m + 1) << shift) - 1;
  }
}
