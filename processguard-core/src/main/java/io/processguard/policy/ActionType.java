package io.processguard.policy;

/** The kinds of recovery action a ladder rung can hold, each with the capability it needs. */
public enum ActionType {
  /** Stop then start a registered {@code Restartable}. */
  RESTART(true, Capability.RESTART),
  /** Hand a notification to a registered notifier (through the alert router). */
  ALERT(true, Capability.ALERT),
  /** Flip the target's readiness so callers stop sending it work; flipped back on recovery. */
  MARK_UNREADY(false, Capability.ALERT),
  /** Run a registered custom {@code RecoveryAction}; it needs the capability it was registered with. */
  CUSTOM(true, Capability.RESTART),
  /** Fence the old primary and promote a standby through a registered {@code Failover}. */
  FAILOVER(true, Capability.FAILOVER);

  private final boolean needsComponent;
  private final Capability capability;

  ActionType(boolean needsComponent, Capability capability) {
    this.needsComponent = needsComponent;
    this.capability = capability;
  }

  /** Returns whether the action must name a registered component. */
  public boolean needsComponent() {
    return needsComponent;
  }

  /**
   * Returns the capability the action type needs; for {@link #CUSTOM} this is the default, and
   * each custom action may declare its own when it is registered.
   */
  public Capability capability() {
    return capability;
  }
}
