package io.processguard.watchdog;

/**
 * Puts a stuck job back on its queue for another attempt. The copy is tracked again with {@code
 * watchdog.track(job, deadline, stuck.nextAttempt())}, so carry the attempt with the job (as a
 * broker's delivery count does).
 *
 * <p>Called on the watchdog's driver thread; must be quick and must not block. A requeuer that
 * throws is logged and the job goes to the dead-letter handler instead, so it is never lost.
 * The original worker may still complete late: the copy runs anyway (at-least-once), and the
 * job's id is the key that lets the application drop a duplicate.
 *
 * @param <J> the job type
 */
@FunctionalInterface
public interface Requeuer<J> {

  /** Requeues the job for attempt {@link StuckJob#nextAttempt()}. */
  void requeue(StuckJob<J> stuck);
}
