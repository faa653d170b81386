package io.processguard.watchdog;

/**
 * Frees what a stuck job held (a lease, a lock, a slot, a connection) before it is requeued.
 * Called on the watchdog's driver thread, after the worker was interrupted or its future
 * cancelled; must be quick. A reclaimer that throws is logged and the job is still requeued.
 *
 * @param <J> the job type
 */
@FunctionalInterface
public interface Reclaimer<J> {

  /** Reclaims the stuck job's resources. */
  void reclaim(StuckJob<J> stuck);
}
