package io.processguard.chaos;

import io.processguard.event.GuardEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Events of drills, for audit and metrics: a drill started, aborted, or finished (passed or
 * failed). Published by a {@link DrillRunner} to its listeners. Immutable records.
 */
public sealed interface DrillEvent extends GuardEvent {

  /** Returns the drill's name. */
  String drill();

  /** Returns who ran it. */
  String requestedBy();

  /**
   * A drill started.
   *
   * @param timestamp when
   * @param target the drilled target
   * @param drill the drill
   * @param fault the fault, in words
   * @param requestedBy who ran it
   */
  record Started(Instant timestamp, String target, String drill, String fault, String requestedBy)
      implements DrillEvent {
    @Override
    public String type() {
      return "drill.started";
    }
  }

  /**
   * A drill aborted; its fault is released.
   *
   * @param timestamp when
   * @param target the drilled target
   * @param drill the drill
   * @param reason why
   * @param requestedBy who ran it
   */
  record Aborted(Instant timestamp, String target, String drill, String reason, String requestedBy)
      implements DrillEvent {
    @Override
    public String type() {
      return "drill.aborted";
    }
  }

  /**
   * A drill finished, passed or failed; its fault is released.
   *
   * @param timestamp when
   * @param target the drilled target
   * @param drill the drill
   * @param passed whether it passed
   * @param reason why it failed; empty when it passed
   * @param timeToRecover breach to verified recovery, if it recovered
   * @param requestedBy who ran it
   */
  record Finished(Instant timestamp, String target, String drill, boolean passed, String reason,
      Optional<Duration> timeToRecover, String requestedBy) implements DrillEvent {
    @Override
    public String type() {
      return "drill.finished";
    }
  }
}
