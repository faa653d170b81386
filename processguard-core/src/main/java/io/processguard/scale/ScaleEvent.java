package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Events of the scaling controller: decisions, steps, backpressure, shed records. Immutable records. */
public sealed interface ScaleEvent extends GuardEvent {

  /**
   * A policy decided something new (published when the decision changes, and for every step,
   * before the step starts).
   *
   * @param timestamp when
   * @param target the target
   * @param record the decision with its reasons
   */
  record DecisionMade(Instant timestamp, String target, ScaleDecisionRecord record) implements ScaleEvent {
    @Override
    public String type() {
      return record.decision() instanceof ScaleDecision.BudgetExhausted
          ? "scale.budget.exhausted" : "scale.decision";
    }
  }

  /**
   * A step finished: the scalable accepted the new size.
   *
   * @param timestamp when it was reported
   * @param target the target
   * @param policy the policy
   * @param scalable the scalable's name
   * @param from replicas before
   * @param to replicas after
   */
  record Scaled(Instant timestamp, String target, String policy, String scalable, int from, int to)
      implements ScaleEvent {
    @Override
    public String type() {
      return "scale.scaled";
    }
  }

  /**
   * A step failed: the scalable threw; the step still counts against the budget.
   *
   * @param timestamp when it was reported
   * @param target the target
   * @param policy the policy
   * @param scalable the scalable's name
   * @param from replicas before
   * @param to replicas asked for
   * @param error the failure, in words
   */
  record ScaleFailed(Instant timestamp, String target, String policy, String scalable, int from, int to,
      String error) implements ScaleEvent {
    @Override
    public String type() {
      return "scale.failed";
    }
  }

  /**
   * The pool is at its maximum and the signal stayed outside the band: producers are held.
   *
   * @param timestamp when
   * @param target the target
   * @param policy the policy
   * @param gate the gate's name
   * @param reason the signal against its target and the replicas, in words
   */
  record BackpressureEngaged(Instant timestamp, String target, String policy, String gate, String reason)
      implements ScaleEvent {
    @Override
    public String type() {
      return "scale.backpressure.engaged";
    }
  }

  /**
   * The signal is back within the band: producers may send again.
   *
   * @param timestamp when
   * @param target the target
   * @param policy the policy
   * @param gate the gate's name
   * @param engagedFor how long the gate was closed
   * @param reason the signal against its target, in words
   */
  record BackpressureReleased(Instant timestamp, String target, String policy, String gate, Duration engagedFor,
      String reason) implements ScaleEvent {
    @Override
    public String type() {
      return "scale.backpressure.released";
    }
  }

  /**
   * The application shed records through a gate since the last report.
   *
   * @param timestamp when it was reported
   * @param target the target
   * @param gate the gate's name
   * @param count records shed since the last report
   * @param total records shed through the gate so far
   * @param byReason totals so far by reason
   */
  record RecordsShed(Instant timestamp, String target, String gate, long count, long total,
      Map<String, Long> byReason) implements ScaleEvent {
    /** Copies. */
    public RecordsShed {
      requireNonNull(byReason, "byReason");
      byReason = Map.copyOf(byReason);
    }

    @Override
    public String type() {
      return "scale.records.shed";
    }
  }
}
