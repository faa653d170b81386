package io.processguard.internal;

import io.processguard.approval.ApprovalException;
import io.processguard.approval.ApprovalPolicy;
import io.processguard.approval.ApprovalRequest;
import io.processguard.approval.ApprovalStatus;
import io.processguard.fleet.FleetCoordinator;
import io.processguard.fleet.FleetStoreException;
import io.processguard.fleet.SharedApproval;
import io.processguard.policy.Decision;
import io.processguard.policy.DecisionRecord;
import io.processguard.policy.RecoveryView;
import io.processguard.policy.RestartBudget;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval desk's side that faces the fleet: shares requests, decides requests another
 * instance raised, and claims approved ones so that exactly one instance (the owner) executes.
 * Used under the engine lock. When the store is unreachable, the owner's local decision stands.
 */
final class FleetDesk {
  private static final Logger LOG = LoggerFactory.getLogger(FleetDesk.class);

  private final FleetCoordinator fleet;
  private final AuditTrail audit;
  private final ApprovalPolicy policy;
  private long nextPoll;

  FleetDesk(FleetCoordinator fleet, AuditTrail audit, ApprovalPolicy policy) {
    this.fleet = fleet;
    this.audit = audit;
    this.policy = policy;
  }

  void share(ApprovalRequest r) {
    fleet.share(SharedApproval.pending(r.id(), fleet.instanceId(), r.target(), r.incidentId(), r.actions(), r.reason(),
        r.requester(), r.requestedAt(), r.expiresAt()));
  }

  /** Whether it is time to look for decisions taken elsewhere (at most once per retry interval). */
  boolean pollDue(long now) {
    if (now < nextPoll) {
      return false;
    }
    nextPoll = now + fleet.retryInterval().toNanos();
    return true;
  }

  Optional<SharedApproval> find(String id) {
    return fleet.findApproval(id);
  }

  /** Records a local decision fleet-wide; false when someone decided it elsewhere first. */
  boolean decideShared(String id, ApprovalStatus status, String operator, String reason) {
    try {
      return fleet.decide(id, status, operator, reason).isPresent() || fleet.findApproval(id).isEmpty();
    } catch (FleetStoreException e) {
      LOG.warn("request {} decided locally only, the fleet store is unreachable: {}", id, e.getMessage());
      return true;
    }
  }

  /** Claims the approved request for this instance; true when this instance is to execute it. */
  boolean claim(String id) {
    try {
      return fleet.claim(id) || fleet.findApproval(id).isEmpty();
    } catch (FleetStoreException e) {
      LOG.warn("request {} executed on its owner without a fleet claim, the store is unreachable: {}", id,
          e.getMessage());
      return true;
    }
  }

  /** An operator decides, through this instance, a request another instance raised. */
  ApprovalRequest decideElsewhere(String id, ApprovalStatus status, String operator, String reason) {
    SharedApproval shared = fleet.findApproval(id).orElseThrow(() ->
        new ApprovalException("no approval request '" + id + "' on this instance or in the fleet"));
    ApprovalRequest request = toRequest(shared);
    String why = shared.status() != ApprovalStatus.PENDING ? "request '" + id + "' is already " + shared.status()
        : refusal(request, operator);
    if (why != null) {
      audit.write(String.valueOf(operator), "approval.refused", shared.target(), "refused",
          Map.of("request", id, "reason", why));
      throw new ApprovalException(why);
    }
    String verb = status.name().toLowerCase(Locale.ROOT);
    String failure = audit.write(operator, "approval." + verb, shared.target(), verb, Map.of("request", id,
        "incident", shared.incidentId(), "reason", reason, "actions", shared.actions(), "owner", shared.ownerInstance()));
    if (failure != null) {
      throw new IllegalStateException("request '" + id + "' not decided: the audit log is unavailable (" + failure + ")");
    }
    SharedApproval done = fleet.decide(id, status, operator, reason).orElseThrow(() ->
        new ApprovalException("request '" + id + "' was decided by someone else meanwhile"));
    return toRequest(done);
  }

  private @Nullable String refusal(ApprovalRequest request, String operator) {
    String r = policy.refusal(request, operator);
    return r == null ? null : "request '" + request.id() + "' not decided: " + r;
  }

  /** The request as this instance's API shows it; the evidence is what the fleet store keeps. */
  static ApprovalRequest toRequest(SharedApproval s) {
    DecisionRecord evidence = new DecisionRecord(s.requestedAt(), "", s.target(), "", s.incidentId(),
        new Decision.NeedsApproval(s.id(), s.actions(), false), false, s.reason(), Map.of(),
        new RecoveryView(0, 0, 0, 0, false), RestartBudget.DEFAULT);
    return new ApprovalRequest(s.id(), s.target(), s.incidentId(), s.actions(), s.reason(), evidence, s.requester(),
        s.requestedAt(), s.expiresAt(), s.status(), s.decidedBy(), s.decisionReason());
  }
}
