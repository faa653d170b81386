package io.processguard.watchdog;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A job the watchdog declared stuck, as handed to the {@link Reclaimer}, {@link Requeuer} and
 * {@link DeadLetterHandler}. Immutable.
 *
 * @param job the job, as given to {@link JobWatchdog#track}
 * @param attempt the attempt that got stuck, from 1
 * @param maxAttempts the watchdog's attempt limit
 * @param overdue how far past the deadline it was when declared stuck (exact)
 * @param running how long it had run (to about a millisecond)
 * @param worker the worker thread's name, {@code "future"} for a bound future, or {@code ""}
 * @param workerStack the worker's stack when declared stuck, empty when not captured
 * @param <J> the job type
 */
public record StuckJob<J>(
    J job, int attempt, int maxAttempts, Duration overdue, Duration running, String worker,
    List<StackTraceElement> workerStack) {

  /** Validates and copies. */
  public StuckJob {
    requireNonNull(job, "job");
    requireNonNull(overdue, "overdue");
    requireNonNull(running, "running");
    requireNonNull(worker, "worker");
    workerStack = List.copyOf(workerStack);
  }

  /** Returns the attempt number a requeued copy runs as: {@code attempt + 1}. */
  public int nextAttempt() {
    return attempt + 1;
  }

  /** Returns whether this was the last attempt allowed, so the job goes to dead letter. */
  public boolean lastAttempt() {
    return attempt >= maxAttempts;
  }
}
