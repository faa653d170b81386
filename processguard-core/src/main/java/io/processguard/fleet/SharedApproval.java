package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import io.processguard.approval.ApprovalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An approval request as the fleet shares it: raised by one instance (its owner), decidable
 * through any instance, executed by exactly one ({@code executedBy}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the request's id, unique in the fleet (it contains the owner's incident id)
 * @param ownerInstance the instance that raised it and whose engine waits for it
 * @param target the target
 * @param incidentId the incident
 * @param actions the actions waiting, in words
 * @param reason why they are wanted
 * @param requester who asked
 * @param requestedAt when
 * @param expiresAt when it expires if nobody decides
 * @param status where it stands
 * @param decidedBy who approved or denied it
 * @param decisionReason the operator's words, or why it expired
 * @param executedBy the instance that claimed the approved actions, once one has
 */
public record SharedApproval(
    String id,
    String ownerInstance,
    String target,
    String incidentId,
    List<String> actions,
    String reason,
    String requester,
    Instant requestedAt,
    Instant expiresAt,
    ApprovalStatus status,
    Optional<String> decidedBy,
    String decisionReason,
    Optional<String> executedBy) {

  /** Validates and copies. */
  public SharedApproval {
    requireNonNull(id, "id");
    requireNonNull(ownerInstance, "ownerInstance");
    requireNonNull(target, "target");
    requireNonNull(incidentId, "incidentId");
    actions = List.copyOf(actions);
    requireNonNull(reason, "reason");
    requireNonNull(requester, "requester");
    requireNonNull(requestedAt, "requestedAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(status, "status");
    requireNonNull(decidedBy, "decidedBy");
    requireNonNull(decisionReason, "decisionReason");
    requireNonNull(executedBy, "executedBy");
  }

  /** Returns a pending request as its owner raises it. */
  public static SharedApproval pending(String id, String ownerInstance, String target, String incidentId,
      List<String> actions, String reason, String requester, Instant requestedAt, Instant expiresAt) {
    return new SharedApproval(id, ownerInstance, target, incidentId, actions, reason, requester, requestedAt,
        expiresAt, ApprovalStatus.PENDING, Optional.empty(), "", Optional.empty());
  }

  /** Returns a copy with a decision. */
  public SharedApproval decided(ApprovalStatus newStatus, Optional<String> by, String why) {
    return new SharedApproval(id, ownerInstance, target, incidentId, actions, reason, requester, requestedAt,
        expiresAt, newStatus, by, why, executedBy);
  }

  /** Returns a copy claimed for execution by an instance. */
  public SharedApproval executed(String instance) {
    return new SharedApproval(id, ownerInstance, target, incidentId, actions, reason, requester, requestedAt,
        expiresAt, status, decidedBy, decisionReason, Optional.of(instance));
  }
}
