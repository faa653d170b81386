package io.processguard.internal;

import io.processguard.approval.ApprovalEvent;
import io.processguard.approval.ApprovalException;
import io.processguard.approval.ApprovalPolicy;
import io.processguard.approval.ApprovalRequest;
import io.processguard.approval.ApprovalStatus;
import io.processguard.policy.DecisionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approval requests of a guard: raised by the recovery engine, decided by operators (four
 * eyes, authorised approvers only), expired on the engine's ticker into the safe default (deny and
 * escalate). Every step is audited and published. Used under the engine lock.
 */
final class ApprovalDesk {
  /** What the recovery engine does when a request is decided. */
  interface Outcome {
    void approved(Pending pending, long now);

    void refused(Pending pending, ApprovalRequest decided, long now);
  }

  /** A request with what it would resume. */
  static final class Pending {
    ApprovalRequest request;
    final RuleState rule;
    final IncidentState incident;
    final int rung;
    final boolean beyondBudget;
    final long expiresAtNanos;

    Pending(ApprovalRequest request, RuleState rule, IncidentState incident, int rung, boolean beyondBudget,
        long expiresAtNanos) {
      this.request = request;
      this.rule = rule;
      this.incident = incident;
      this.rung = rung;
      this.beyondBudget = beyondBudget;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  private static final int HISTORY = 200;

  private final Engine engine;
  private final AuditTrail audit;
  private final ApprovalPolicy policy;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final ArrayDeque<ApprovalRequest> decided = new ArrayDeque<>();
  private Outcome outcome = new Outcome() {
    @Override
    public void approved(Pending p, long now) { }

    @Override
    public void refused(Pending p, ApprovalRequest decided, long now) { }
  };
  private long seq;

  ApprovalDesk(Engine engine, AuditTrail audit, ApprovalPolicy policy) {
    this.engine = engine;
    this.audit = audit;
    this.policy = policy;
  }

  void onOutcome(Outcome o) {
    this.outcome = o;
  }

  String nextId(IncidentState incident) {
    return "apr-" + incident.id + "-" + (++seq);
  }

  /** Raises a request; returns it. */
  ApprovalRequest open(String id, RuleState rule, IncidentState incident, int rung, boolean beyondBudget,
      List<String> actions, DecisionRecord evidence, long now) {
    Instant at = engine.clock().instant();
    Duration timeout = rule.policy.approvalTimeout();
    ApprovalRequest request = new ApprovalRequest(id, incident.target, incident.id, actions,
        evidence.conditionReason(), evidence, ApprovalPolicy.AUTOMATION, at, at.plus(timeout), ApprovalStatus.PENDING,
        Optional.empty(), "");
    pending.put(id, new Pending(request, rule, incident, rung, beyondBudget, now + timeout.toNanos()));
    audit.write(ApprovalPolicy.AUTOMATION, "approval.requested", incident.target, "pending",
        Map.of("request", id, "incident", incident.id, "actions", actions, "reason", request.reason(),
            "expiresAt", request.expiresAt().toString()));
    incident.log(at, "approval requested: " + id + " for " + String.join(" + ", actions));
    engine.publish(new ApprovalEvent.Requested(at, incident.target, request));
    return request;
  }

  /** An operator approves; throws {@link ApprovalException} when refused. */
  ApprovalRequest approve(String id, String operator, String reason, long now) {
    Pending p = decidable(id, operator);
    return decide(p, ApprovalStatus.APPROVED, operator, reason, now);
  }

  /** An operator denies; throws {@link ApprovalException} when refused. */
  ApprovalRequest deny(String id, String operator, String reason, long now) {
    Pending p = decidable(id, operator);
    return decide(p, ApprovalStatus.DENIED, operator, reason, now);
  }

  private Pending decidable(String id, String operator) {
    Pending p = pending.get(id);
    if (p == null) {
      ApprovalRequest old = decided.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
      String why = old == null ? "no approval request '" + id + "'" : "request '" + id + "' is already " + old.status();
      refuse(old, operator, why);
      throw new ApprovalException(why);
    }
    String refusal = policy.refusal(p.request, operator);
    if (refusal != null) {
      refuse(p.request, operator, refusal);
      throw new ApprovalException("request '" + id + "' not decided: " + refusal);
    }
    return p;
  }

  private void refuse(ApprovalRequest request, String operator, String why) {
    String target = request == null ? "" : request.target();
    audit.write(String.valueOf(operator), "approval.refused", target, "refused",
        Map.of("request", request == null ? "" : request.id(), "reason", why));
    if (request != null) {
      engine.publish(new ApprovalEvent.Refused(engine.clock().instant(), target, request, String.valueOf(operator), why));
    }
  }

  private ApprovalRequest decide(Pending p, ApprovalStatus status, String operator, String reason, long now) {
    String failure = audit.write(operator, "approval." + status.name().toLowerCase(java.util.Locale.ROOT),
        p.request.target(), status.name().toLowerCase(java.util.Locale.ROOT),
        Map.of("request", p.request.id(), "incident", p.incident.id, "reason", reason,
            "actions", p.request.actions()));
    if (failure != null) {
      throw new IllegalStateException("request '" + p.request.id() + "' not decided: the audit log is unavailable ("
          + failure + ")");
    }
    ApprovalRequest done = close(p, status, Optional.of(operator), reason);
    Instant at = engine.clock().instant();
    p.incident.log(at, "approval " + status.name().toLowerCase(java.util.Locale.ROOT) + " by " + operator + ": " + reason);
    if (status == ApprovalStatus.APPROVED) {
      engine.publish(new ApprovalEvent.Approved(at, done.target(), done));
      outcome.approved(p, now);
    } else {
      engine.publish(new ApprovalEvent.Denied(at, done.target(), done));
      outcome.refused(p, done, now);
    }
    return done;
  }

  private ApprovalRequest close(Pending p, ApprovalStatus status, Optional<String> by, String reason) {
    pending.remove(p.request.id());
    p.request = p.request.decided(status, by, reason);
    decided.addLast(p.request);
    while (decided.size() > HISTORY) {
      decided.pollFirst();
    }
    return p.request;
  }

  /** Expires overdue requests into the safe default: denied, escalated. */
  void onTick(long now) {
    if (pending.isEmpty()) {
      return;
    }
    for (Pending p : new ArrayList<>(pending.values())) {
      if (now >= p.expiresAtNanos) {
        String why = "nobody decided within " + p.rule.policy.approvalTimeout() + "; denied by default";
        audit.write(ApprovalPolicy.AUTOMATION, "approval.expired", p.request.target(), "expired",
            Map.of("request", p.request.id(), "incident", p.incident.id));
        ApprovalRequest done = close(p, ApprovalStatus.EXPIRED, Optional.empty(), why);
        Instant at = engine.clock().instant();
        p.incident.log(at, "approval expired: " + why);
        engine.publish(new ApprovalEvent.Expired(at, done.target(), done));
        outcome.refused(p, done, now);
      }
    }
  }

  /** Drops the requests of an incident that ended (recovered) without a decision. */
  void cancel(IncidentState incident, String why) {
    for (Pending p : new ArrayList<>(pending.values())) {
      if (p.incident == incident) {
        ApprovalRequest done = close(p, ApprovalStatus.DENIED, Optional.empty(), why);
        engine.publish(new ApprovalEvent.Denied(engine.clock().instant(), done.target(), done));
      }
    }
  }

  long nextWakeNanos() {
    long next = Long.MAX_VALUE;
    for (Pending p : pending.values()) {
      next = Math.min(next, p.expiresAtNanos);
    }
    return next;
  }

  List<ApprovalRequest> pending() {
    return pending.values().stream().map(p -> p.request).toList();
  }

  List<ApprovalRequest> all() {
    List<ApprovalRequest> out = new ArrayList<>(decided);
    out.addAll(pending());
    return out;
  }
}
