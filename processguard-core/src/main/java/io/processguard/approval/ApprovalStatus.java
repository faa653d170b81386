package io.processguard.approval;

/** Where an approval request stands. */
public enum ApprovalStatus {
  /** Waiting for an operator. */
  PENDING,
  /** An authorised operator approved it; the action ran or runs. */
  APPROVED,
  /** An operator denied it; the action did not run and the incident was escalated. */
  DENIED,
  /** Nobody decided before it expired: treated as denied (the safe default) and escalated. */
  EXPIRED
}
