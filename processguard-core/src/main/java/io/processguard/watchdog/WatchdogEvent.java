package io.processguard.watchdog;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Events published by watchdogs: immutable records, delivered on the thread that drives the
 * watchdog (its checker or driver), never on the application thread that beats or closes a
 * ticket. Each names the watchdog that published it and the target it watches.
 */
public sealed interface WatchdogEvent extends GuardEvent {

  /** Returns the name of the watchdog that published the event. */
  String watchdog();

  /**
   * A heartbeat went without progress for longer than its deadline.
   *
   * @param timestamp when the breach was seen
   * @param target the target the heartbeat watches
   * @param watchdog the heartbeat's name
   * @param age time since the last progress the checker saw
   * @param deadline the heartbeat's deadline
   * @param diagnostics the watched threads' stacks (and a thread dump when one was taken)
   */
  record HeartbeatMissed(
      Instant timestamp, String target, String watchdog, Duration age, Duration deadline,
      Diagnostics diagnostics) implements WatchdogEvent {
    @Override
    public String type() {
      return "watchdog.heartbeat.missed";
    }
  }

  /**
   * A heartbeat that had missed its deadline beat again.
   *
   * @param timestamp when the new progress was seen
   * @param target the target the heartbeat watches
   * @param watchdog the heartbeat's name
   * @param stalledFor time from the last progress before the miss to the new progress
   */
  record HeartbeatResumed(Instant timestamp, String target, String watchdog, Duration stalledFor)
      implements WatchdogEvent {
    @Override
    public String type() {
      return "watchdog.heartbeat.resumed";
    }
  }

  /**
   * A job overran its deadline and was declared stuck.
   *
   * @param timestamp when it was declared stuck
   * @param target the target the job watchdog watches
   * @param watchdog the job watchdog's name
   * @param jobId the job, as text
   * @param attempt the attempt that got stuck, from 1
   * @param overdue how far past its deadline it was when declared stuck
   * @param worker the name of the worker thread, or {@code "future"} or {@code ""}
   * @param workerStack the worker's stack when declared stuck, empty when not captured
   */
  record JobStuck(
      Instant timestamp, String target, String watchdog, String jobId, int attempt,
      Duration overdue, String worker, List<StackTraceElement> workerStack) implements WatchdogEvent {
    /** Copies. */
    public JobStuck {
      requireNonNull(jobId, "jobId");
      workerStack = List.copyOf(workerStack);
    }

    @Override
    public String type() {
      return "watchdog.job.stuck";
    }
  }

  /**
   * A stuck job was handed to the requeuer for another attempt.
   *
   * @param timestamp when
   * @param target the target the job watchdog watches
   * @param watchdog the job watchdog's name
   * @param jobId the job, as text
   * @param nextAttempt the attempt number the copy runs as
   */
  record JobRequeued(Instant timestamp, String target, String watchdog, String jobId, int nextAttempt)
      implements WatchdogEvent {
    @Override
    public String type() {
      return "watchdog.job.requeued";
    }
  }

  /**
   * A stuck job was given to the dead-letter handler: it used all its attempts, no requeuer is
   * configured, or the requeuer failed.
   *
   * @param timestamp when
   * @param target the target the job watchdog watches
   * @param watchdog the job watchdog's name
   * @param jobId the job, as text
   * @param attempts the attempts it had
   * @param reason why it went to dead letter
   */
  record JobDeadLettered(
      Instant timestamp, String target, String watchdog, String jobId, int attempts, String reason)
      implements WatchdogEvent {
    @Override
    public String type() {
      return "watchdog.job.dead_lettered";
    }
  }

  /**
   * A job's ticket was closed after the job had been declared stuck. Its requeued copy, if any,
   * still runs: the application's idempotency key (the job id) decides whether it is a duplicate.
   *
   * @param timestamp when the late close was seen by the watchdog's driver
   * @param target the target the job watchdog watches
   * @param watchdog the job watchdog's name
   * @param jobId the job, as text
   * @param attempt the attempt that completed late
   */
  record LateCompletion(Instant timestamp, String target, String watchdog, String jobId, int attempt)
      implements WatchdogEvent {
    @Override
    public String type() {
      return "watchdog.job.late_completion";
    }
  }
}
