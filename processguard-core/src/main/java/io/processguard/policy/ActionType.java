package io.processguard.policy;

/** The kinds of recovery action a ladder rung can hold, each with the capability it needs. */
public enum ActionType {
  /** Stop then start a registered {@code Restartable}. */
  RESTART(true),
  /** Hand a notification to a registered notifier (through the alert router). */
  ALERT(false),
  /** Flip the target's readiness so callers stop sending it work; flipped back on recovery. */
  MARK_UNREADY(false),
  /** Run a registered custom {@code RecoveryAction}. */
  CUSTOM(false);

  private final boolean needsComponent;

  ActionType(boolean needsComponent) {
    this.needsComponent = needsComponent;
  }

  /** Returns whether the action must name a registered component. */
  public boolean needsComponent() {
    return needsComponent || this == CUSTOM;
  }
}
