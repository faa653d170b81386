package io.processguard.policy;

/** How a policy runs. */
public enum Mode {
  /** Not evaluated at all. */
  OFF,
  /**
   * Evaluated exactly as in {@link #ENFORCE}, with ladders, budgets and backoff tracked as if the
   * actions had run and succeeded, but nothing is executed: each decision is logged and
   * published with {@code dryRun = true}.
   */
  DRY_RUN,
  /** Evaluated and executed. */
  ENFORCE
}
