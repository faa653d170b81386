package io.processguard.target;

/** How bad a breached condition is for its target. */
public enum Severity {
  /** The target still works but is degraded: {@link TargetState#DEGRADED}. */
  WARNING,
  /** The target is failing: {@link TargetState#FAILING}. */
  CRITICAL
}
