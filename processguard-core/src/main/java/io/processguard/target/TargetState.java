package io.processguard.target;

/** Where a target stands, as the snapshot reports it. */
public enum TargetState {
  /** Not every probe has reported yet. */
  UNKNOWN,
  /** No condition is breached and every probe answers. */
  HEALTHY,
  /** A warning-severity condition is breached, or a probe fails or reports the target down. */
  DEGRADED,
  /** A critical-severity condition is breached. */
  FAILING,
  /** A recovery action ran and ProcessGuard is waiting for the condition to clear. */
  RECOVERING,
  /** Recovery gave up (budget exhausted): no more automatic action until an operator resets it. */
  QUARANTINED;

  /** Returns whether the state should take an instance out of service for this target. */
  public boolean isBad() {
    return this == FAILING || this == QUARANTINED;
  }
}
