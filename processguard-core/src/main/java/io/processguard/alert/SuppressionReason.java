package io.processguard.alert;

/** Why the {@link AlertRouter} did not send a notification. */
public enum SuppressionReason {
  /** A trigger and its resolve both arrived within the trigger grace: a transient breach. */
  TRANSIENT,
  /** A trigger (or reminder) for an alert that is already open. */
  DUPLICATE,
  /** Folded into the page of its group, listed in that page's detail. */
  GROUPED,
  /** Matched an active silence. */
  SILENCED,
  /** A more severe alert of the same target is open. */
  INHIBITED,
  /** A resolve for an alert that is not open, or whose trigger was never sent. */
  NOT_OPEN,
  /** No route sends this severity to any channel. */
  UNROUTED
}
