package io.processguard.policy;

/** What a policy does when a rung would restart but the restart budget is spent. */
public enum BudgetExhaustion {
  /** Quarantine the target and escalate once; an operator must reset it (the default). */
  QUARANTINE,
  /**
   * Ask a human: raise an approval request for one restart beyond the budget; while it is
   * pending nothing happens, and a denial or expiry quarantines and escalates.
   */
  REQUIRE_APPROVAL
}
