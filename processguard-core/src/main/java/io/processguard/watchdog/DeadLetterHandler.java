package io.processguard.watchdog;

/**
 * Receives a poison job: one stuck on its last attempt, or that could not be requeued. Called on
 * the watchdog's driver thread; must be quick. A handler that throws is logged at WARN; the job
 * still counts as dead-lettered (the log line names it).
 *
 * @param <J> the job type
 */
@FunctionalInterface
public interface DeadLetterHandler<J> {

  /**
   * Takes the job out of circulation.
   *
   * @param stuck the job and its last attempt
   * @param reason why it is dead-lettered, in words
   */
  void deadLetter(StuckJob<J> stuck, String reason);
}
