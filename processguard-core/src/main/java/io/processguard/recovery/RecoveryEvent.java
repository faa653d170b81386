package io.processguard.recovery;

import io.processguard.event.GuardEvent;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.DecisionRecord;
import java.time.Duration;
import java.time.Instant;

/** Events of the recovery engine: decisions, actions, incidents, quarantine. Immutable records. */
public sealed interface RecoveryEvent extends GuardEvent {

  /**
   * A policy decided something (published before any action of the decision starts).
   *
   * @param timestamp when
   * @param target the target
   * @param record the decision with its reasons
   */
  record DecisionMade(Instant timestamp, String target, DecisionRecord record) implements RecoveryEvent {
    @Override
    public String type() {
      return record.dryRun() ? "recovery.decision.dry_run" : "recovery.decision";
    }
  }

  /**
   * An action started.
   *
   * @param timestamp when
   * @param target the target
   * @param incidentId the incident
   * @param action the action
   * @param rung the rung index, from 0
   */
  record ActionStarted(Instant timestamp, String target, String incidentId, ActionSpec action, int rung)
      implements RecoveryEvent {
    @Override
    public String type() {
      return "recovery.action.started";
    }
  }

  /**
   * An action ended.
   *
   * @param timestamp when
   * @param target the target
   * @param incidentId the incident
   * @param action the action
   * @param outcome how it ended
   * @param detail the failure, or empty
   * @param took how long it ran
   */
  record ActionCompleted(
      Instant timestamp, String target, String incidentId, ActionSpec action, ActionOutcome outcome,
      String detail, Duration took)
      implements RecoveryEvent {
    @Override
    public String type() {
      return outcome.ok() ? "recovery.action.succeeded" : "recovery.action.failed";
    }
  }

  /**
   * A breach opened an incident.
   *
   * @param timestamp when
   * @param target the target
   * @param incident the incident as opened
   */
  record IncidentOpened(Instant timestamp, String target, Incident incident) implements RecoveryEvent {
    @Override
    public String type() {
      return "incident.opened";
    }
  }

  /**
   * The condition cleared: the incident recovered, with its measures.
   *
   * @param timestamp when
   * @param target the target
   * @param incident the closed incident, with time-to-detect, -engage and -recover
   */
  record IncidentRecovered(Instant timestamp, String target, Incident incident) implements RecoveryEvent {
    @Override
    public String type() {
      return "incident.recovered";
    }
  }

  /**
   * Recovery gave up and a human was paged, once per incident.
   *
   * @param timestamp when
   * @param target the target
   * @param incidentId the incident
   * @param reason why (budget or ladder exhausted, with the history)
   */
  record Escalated(Instant timestamp, String target, String incidentId, String reason) implements RecoveryEvent {
    @Override
    public String type() {
      return "recovery.escalated";
    }
  }

  /**
   * The target was quarantined: no automatic action until an operator resets it.
   *
   * @param timestamp when
   * @param target the target
   * @param reason why
   */
  record Quarantined(Instant timestamp, String target, String reason) implements RecoveryEvent {
    @Override
    public String type() {
      return "recovery.budget.exhausted";
    }
  }

  /**
   * An operator reset a quarantined target; its budget and backoff start afresh.
   *
   * @param timestamp when
   * @param target the target
   * @param operator who
   * @param reason why, in the operator's words
   */
  record QuarantineReset(Instant timestamp, String target, String operator, String reason) implements RecoveryEvent {
    @Override
    public String type() {
      return "recovery.quarantine.reset";
    }
  }

  /**
   * The target's readiness flipped (mark-unready, or restored on recovery).
   *
   * @param timestamp when
   * @param target the target
   * @param ready whether it now takes work
   * @param reason why
   */
  record ReadinessChanged(Instant timestamp, String target, boolean ready, String reason) implements RecoveryEvent {
    @Override
    public String type() {
      return "target.readiness";
    }
  }
}
