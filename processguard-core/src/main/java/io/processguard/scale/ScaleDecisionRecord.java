package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * A scaling decision with everything that explains it: the signal against its target, the
 * replicas now, the raw and stabilised recommendations, the bounds and the budget.
 *
 * @param timestamp when it was made
 * @param policy the policy's name
 * @param target the target's name
 * @param signal the signal's name
 * @param value the signal's value; NaN when missing
 * @param targetValue the value it is held at
 * @param ratio the ratio to the target (see {@link ScalingPolicy#ratio}); NaN when missing
 * @param current replicas now
 * @param raw the raw recommendation (formula, before bounds and stabilisation)
 * @param stabilised the recommendation after the stabilisation windows
 * @param desired the size after bounds and step limits
 * @param min the lower bound
 * @param max the upper bound
 * @param stepsInWindow steps already made within the budget's window, before this decision
 * @param budget the budget
 * @param decision the decision
 */
public record ScaleDecisionRecord(
    Instant timestamp,
    String policy,
    String target,
    String signal,
    double value,
    double targetValue,
    double ratio,
    int current,
    int raw,
    int stabilised,
    int desired,
    int min,
    int max,
    int stepsInWindow,
    ScaleBudget budget,
    ScaleDecision decision,
    boolean dryRun) {

  /** Validates. */
  public ScaleDecisionRecord {
    requireNonNull(timestamp, "timestamp");
    requireNonNull(policy, "policy");
    requireNonNull(target, "target");
    requireNonNull(signal, "signal");
    requireNonNull(budget, "budget");
    requireNonNull(decision, "decision");
  }

  /** Explains the decision in one line. */
  public String explain() {
    return (dryRun ? "[dry-run] would " : "") + String.format(Locale.ROOT,
        "%s for %s because %s=%.2f vs target %.2f (ratio %.3f); replicas %d, raw %d, stabilised %d, "
            + "desired %d, bounds %d..%d; budget %d/%d steps within %s (policy %s)",
        decision.describe(), target, signal, value, targetValue, ratio, current, raw, stabilised, desired, min, max,
        stepsInWindow, budget.maxSteps(), budget.period(), policy);
  }
}
