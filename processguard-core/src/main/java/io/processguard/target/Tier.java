package io.processguard.target;

/**
 * The business impact of losing a target, most critical first. The inventory lists targets by
 * tier, then by recovery time objective.
 */
public enum Tier {
  /** Revenue or safety stops when it is down: page at once. */
  CRITICAL,
  /** A core feature degrades: page in working hours, recover automatically. */
  HIGH,
  /** A secondary feature degrades. */
  MEDIUM,
  /** Best effort; never takes the instance out of service on its own. */
  LOW
}
