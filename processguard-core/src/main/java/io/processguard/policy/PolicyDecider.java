package io.processguard.policy;

import java.time.Duration;

/**
 * The pure function from a policy, a rule and a {@link RecoveryView} to a {@link Decision}. No
 * clock, no state: the same inputs always give the same decision.
 */
public final class PolicyDecider {
  private PolicyDecider() {}

  /** Decides what to do next for the rule of a breached condition. */
  public static Decision decide(Policy policy, Rule rule, RecoveryView view) {
    if (policy.mode() == Mode.OFF) {
      return new Decision.Suppressed("policy '" + policy.name() + "' is off");
    }
    if (view.quarantined()) {
      return new Decision.Suppressed("target '" + policy.target() + "' is quarantined until an operator resets it");
    }
    if (view.nextRung() >= rule.ladder().size()) {
      return new Decision.LadderExhausted(rule.ladder().size());
    }
    Rung rung = rule.ladder().get(view.nextRung());
    if (rung.restarts()) {
      if (view.restartsInWindow() >= policy.budget().maxRestarts()) {
        return new Decision.BudgetExhausted(view.restartsInWindow(), policy.budget());
      }
      int streak = streak(policy, view);
      Duration delay = policy.backoff().delay(streak, policy.target());
      long since = view.nanosSinceLastRestart();
      if (since >= 0 && since < delay.toNanos()) {
        return new Decision.WaitBackoff(delay.minusNanos(since), delay, streak);
      }
    }
    return new Decision.Act(view.nextRung(), rung);
  }

  /** Returns the streak after applying the stable-period reset. */
  public static int streak(Policy policy, RecoveryView view) {
    long since = view.nanosSinceLastRestart();
    return since < 0 || since >= policy.backoff().resetAfter().toNanos() ? 0 : view.streak();
  }
}
