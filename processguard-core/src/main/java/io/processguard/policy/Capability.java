package io.processguard.policy;

/**
 * What an action may do to the system. Every action type declares the one it needs; a guard runs
 * only what it was granted (least privilege). Ordered from harmless to dangerous.
 */
public enum Capability {
  /** Read state: probes, snapshots. */
  OBSERVE,
  /** Tell people, or tell callers to go elsewhere: alerts, mark-unready. */
  ALERT,
  /** Restart a component. */
  RESTART,
  /** Change capacity. */
  SCALE,
  /** Take work away from a stuck worker and give it to another. */
  REQUEUE,
  /** Promote a standby and fence the old primary. Needs approval by default. */
  FAILOVER,
  /** Anything that can lose data or cannot be undone. Needs approval by default. */
  DESTRUCTIVE;

  /** The capabilities a guard has unless told otherwise: all but failover and destructive. */
  public static final java.util.Set<Capability> DEFAULT_GRANTS =
      java.util.Collections.unmodifiableSet(java.util.EnumSet.of(OBSERVE, ALERT, RESTART, SCALE, REQUEUE));

  /** The capabilities that need a human's approval unless a policy says otherwise. */
  public static final java.util.Set<Capability> DEFAULT_APPROVAL =
      java.util.Collections.unmodifiableSet(java.util.EnumSet.of(FAILOVER, DESTRUCTIVE));
}
