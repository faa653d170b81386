package io.processguard.watchdog;

/**
 * The job watchdog's accounting, which proves that no job was lost: every ticket ever opened is
 * completed on time, declared stuck, or still in flight, and every stuck ticket is requeued,
 * dead-lettered or still being handled. Immutable.
 *
 * @param tracked tickets opened
 * @param completed tickets closed before their deadline
 * @param inFlight tickets open and not stuck
 * @param stuck tickets declared stuck
 * @param requeued stuck tickets handed to the requeuer
 * @param deadLettered stuck tickets handed to the dead-letter handler
 * @param lateCompletions stuck tickets closed afterwards (a subset of {@code stuck})
 */
public record JobCounts(
    long tracked, long completed, long inFlight, long stuck, long requeued, long deadLettered,
    long lateCompletions) {

  /** Returns the stuck tickets whose requeue or dead letter is still in progress. */
  public long handling() {
    return stuck - requeued - deadLettered;
  }

  /**
   * Returns whether the counts balance: {@code tracked == completed + stuck + inFlight} and
   * {@code stuck == requeued + deadLettered + handling} with {@code handling >= 0}.
   */
  public boolean balanced() {
    return tracked == completed + stuck + inFlight && handling() >= 0 && lateCompletions <= stuck;
  }
}
