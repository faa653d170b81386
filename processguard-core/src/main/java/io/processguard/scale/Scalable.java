package io.processguard.scale;

/**
 * Something whose capacity can be set to a number of replicas: a thread pool, a set of worker
 * threads, a fleet of consumers. The {@link ScalingController} reads {@link #current()} on the
 * engine thread and calls {@link #scaleTo} on its own executor.
 *
 * <p>Implementations must be thread-safe. {@link #current()} must be quick and must not block;
 * {@link #scaleTo} may block for as long as starting or stopping workers takes, and may throw:
 * the failure is reported as a {@link ScaleEvent.ScaleFailed} event and the step still counts
 * against the budget.
 */
public interface Scalable {

  /** Returns the number of replicas now. */
  int current();

  /** Returns the smallest number of replicas this scalable accepts; default 0. */
  default int min() {
    return 0;
  }

  /** Returns the largest number of replicas this scalable accepts; default {@link Integer#MAX_VALUE}. */
  default int max() {
    return Integer.MAX_VALUE;
  }

  /**
   * Sets the number of replicas; returns when the change is made (or under way, for a pool that
   * retires idle workers lazily).
   *
   * @param desired within {@link #min()}..{@link #max()}
   * @throws Exception when the change failed
   */
  void scaleTo(int desired) throws Exception;
}
