package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/** Adapters that make common pools {@link Scalable}. */
public final class Scalables {
  private Scalables() {}

  /**
   * Returns a scalable that sets a thread pool's core and maximum size together, in the order
   * the JDK accepts at every step: to grow, the maximum first, then the core; to shrink, the core
   * first, then the maximum. Growing starts threads at once for queued tasks; shrinking lets
   * surplus threads end when they are next idle. Bounds: 1 to {@code Integer.MAX_VALUE}.
   *
   * <p>Thread-safe: calls are serialised on the pool.
   */
  public static Scalable threadPool(ThreadPoolExecutor pool) {
    requireNonNull(pool, "pool");
    return new Scalable() {
      @Override
      public int current() {
        return pool.getCorePoolSize();
      }

      @Override
      public int min() {
        return 1;
      }

      @Override
      public void scaleTo(int desired) {
        checkRange(desired, 1, Integer.MAX_VALUE);
        synchronized (pool) {
          if (desired > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(desired);
            pool.setCorePoolSize(desired);
          } else {
            pool.setCorePoolSize(desired);
            pool.setMaximumPoolSize(desired);
          }
        }
      }

      @Override
      public String toString() {
        return "threadPool(" + pool.getCorePoolSize() + ")";
      }
    };
  }

  /**
   * Returns a scalable over any pool of workers the application owns, read by {@code current}
   * and changed by {@code scaleTo}; bounds 0 to {@code Integer.MAX_VALUE}. Both callbacks must be
   * thread-safe; {@code scaleTo} may block and throw.
   */
  public static Scalable workers(IntSupplier current, IntConsumer scaleTo) {
    return workers(current, scaleTo, 0, Integer.MAX_VALUE);
  }

  /** Returns a scalable over a pool of workers the application owns, with its own bounds. */
  public static Scalable workers(IntSupplier current, IntConsumer scaleTo, int min, int max) {
    requireNonNull(current, "current");
    requireNonNull(scaleTo, "scaleTo");
    if (min < 0) {
      throw new IllegalArgumentException("min must be >= 0, got " + min);
    }
    if (max < min) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "max must be >= min %d, got %d", min, max));
    }
    return new Scalable() {
      @Override
      public int current() {
        return current.getAsInt();
      }

      @Override
      public int min() {
        return min;
      }

      @Override
      public int max() {
        return max;
      }

      @Override
      public void scaleTo(int desired) {
        checkRange(desired, min, max);
        scaleTo.accept(desired);
      }
    };
  }

  static void checkRange(int desired, int min, int max) {
    if (desired < min || desired > max) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "desired replicas must be %d..%d, got %d", min, max, desired));
    }
  }
}
