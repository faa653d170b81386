package io.processguard.approval;

import static java.util.Objects.requireNonNull;

import io.processguard.policy.DecisionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request for a human to approve an action ProcessGuard wants to take: what, on which target,
 * why, with the decision record as evidence, who asked, and until when it stays open. Immutable:
 * the guard hands out the current state as a new value.
 *
 * @param id unique id
 * @param target the target
 * @param incidentId the incident it belongs to
 * @param actions the actions that would run, in words (such as {@code failover(db-cluster)})
 * @param reason why they are wanted
 * @param evidence the decision that asked for them
 * @param requester who asked ({@code processguard} for automation)
 * @param requestedAt when
 * @param expiresAt when it expires if nobody decides
 * @param status where it stands
 * @param decidedBy who approved or denied it, if anyone
 * @param decisionReason the operator's words, or why it expired
 */
public record ApprovalRequest(
    String id,
    String target,
    String incidentId,
    List<String> actions,
    String reason,
    DecisionRecord evidence,
    String requester,
    Instant requestedAt,
    Instant expiresAt,
    ApprovalStatus status,
    Optional<String> decidedBy,
    String decisionReason) {

  /** Validates and copies. */
  public ApprovalRequest {
    requireNonNull(id, "id");
    actions = List.copyOf(actions);
    requireNonNull(status, "status");
    requireNonNull(decidedBy, "decidedBy");
  }

  /** Returns a copy with a decision. */
  public ApprovalRequest decided(ApprovalStatus newStatus, Optional<String> by, String why) {
    return new ApprovalRequest(id, target, incidentId, actions, reason, evidence, requester, requestedAt, expiresAt,
        newStatus, by, why);
  }
}
