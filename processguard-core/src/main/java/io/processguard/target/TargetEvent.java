package io.processguard.target;

import io.processguard.event.GuardEvent;
import io.processguard.probe.SampleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Events about targets, their probes and their conditions. Immutable records. */
public sealed interface TargetEvent extends GuardEvent {

  /**
   * A target's state changed.
   *
   * @param timestamp when
   * @param target the target's name
   * @param from the previous state
   * @param to the new state
   * @param reason why, in words (which condition, which value against which threshold)
   */
  record StateChanged(Instant timestamp, String target, TargetState from, TargetState to, String reason)
      implements TargetEvent {
    @Override
    public String type() {
      return "target.state";
    }
  }

  /**
   * A watched condition breached.
   *
   * @param timestamp when the breaching sample was applied
   * @param target the target's name
   * @param condition the condition's name
   * @param severity its severity
   * @param reason the signal values against their thresholds
   * @param values the last value of each signal the condition reads
   * @param firstBadAt when the first bad sample of this breach was seen (time-to-detect starts)
   */
  record ConditionBreached(
      Instant timestamp,
      String target,
      String condition,
      Severity severity,
      String reason,
      Map<String, Double> values,
      Instant firstBadAt)
      implements TargetEvent {
    /** Copies. */
    public ConditionBreached {
      values = Map.copyOf(values);
    }

    /** Returns the time from the first bad sample to the breach. */
    public Duration timeToDetect() {
      return Duration.between(firstBadAt, timestamp);
    }

    @Override
    public String type() {
      return "condition.breached";
    }
  }

  /**
   * A watched condition cleared.
   *
   * @param timestamp when
   * @param target the target's name
   * @param condition the condition's name
   * @param reason the clearing values
   * @param values the last value of each signal the condition reads
   */
  record ConditionCleared(
      Instant timestamp, String target, String condition, String reason, Map<String, Double> values)
      implements TargetEvent {
    /** Copies. */
    public ConditionCleared {
      values = Map.copyOf(values);
    }

    @Override
    public String type() {
      return "condition.cleared";
    }
  }

  /**
   * A probe failed (threw, returned null, timed out, or is still hung) or said the target is down.
   *
   * @param timestamp when
   * @param target the target's name
   * @param probe the probe's name
   * @param status {@code FAILED} or {@code DOWN}
   * @param reason why
   * @param consecutive how many samples in a row have failed, this one included
   */
  record ProbeFailed(
      Instant timestamp, String target, String probe, SampleStatus status, String reason, int consecutive)
      implements TargetEvent {
    @Override
    public String type() {
      return "probe.failed";
    }
  }

  /**
   * A probe answered normally again after failures.
   *
   * @param timestamp when
   * @param target the target's name
   * @param probe the probe's name
   * @param failures how many samples in a row had failed
   */
  record ProbeRecovered(Instant timestamp, String target, String probe, int failures)
      implements TargetEvent {
    @Override
    public String type() {
      return "probe.recovered";
    }
  }
}
