package io.processguard.recovery;

/** How one action ended. */
public enum ActionOutcome {
  /** It completed. */
  SUCCEEDED,
  /** It threw. */
  FAILED,
  /** It overran its timeout and was interrupted. */
  TIMED_OUT,
  /** It could not be started (executor saturated, component missing). */
  REJECTED;

  /** Returns whether the action did what it was asked. */
  public boolean ok() {
    return this == SUCCEEDED;
  }
}
