package io.processguard.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A decision with everything that explains it: the policy, rule and condition, the signal values
 * that breached, the budget and backoff state, the incident, and whether it was a dry run.
 * Written to events, logs and the audit log.
 *
 * @param timestamp when it was made
 * @param policy the policy's name
 * @param target the target's name
 * @param condition the breached condition
 * @param incidentId the incident it belongs to
 * @param decision the decision
 * @param dryRun whether it was only logged
 * @param conditionReason the condition's explanation (values against thresholds)
 * @param values the signal values
 * @param view the recovery state it was decided from
 * @param budget the budget in force
 */
public record DecisionRecord(
    Instant timestamp,
    String policy,
    String target,
    String condition,
    String incidentId,
    Decision decision,
    boolean dryRun,
    String conditionReason,
    Map<String, Double> values,
    RecoveryView view,
    RestartBudget budget) {

  /** Validates and copies. */
  public DecisionRecord {
    requireNonNull(timestamp, "timestamp");
    requireNonNull(decision, "decision");
    values = Map.copyOf(values);
  }

  /** Explains the decision in one line. */
  public String explain() {
    return (dryRun ? "[dry-run] would " : "") + decision.describe() + " for " + target + "/" + condition
        + " because " + conditionReason + "; budget " + view.restartsInWindow() + "/" + budget.maxRestarts()
        + " restarts within " + budget.period() + ", rung " + (view.nextRung() + 1) + ", backoff streak "
        + view.streak() + " (policy " + policy + ", incident " + incidentId + ")";
  }
}
