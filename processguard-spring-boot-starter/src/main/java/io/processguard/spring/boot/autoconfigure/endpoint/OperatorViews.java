package io.processguard.spring.boot.autoconfigure.endpoint;

import io.processguard.ProcessGuard;
import io.processguard.approval.ApprovalRequest;
import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditVerification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoint's views of approvals and of the audit log, as maps Jackson writes. Stateless. */
final class OperatorViews {
  private OperatorViews() {}

  /** Pending requests (oldest first) and recent ones (decided, then pending). */
  static Map<String, Object> approvals(ProcessGuard guard) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pending", guard.pendingApprovals().stream().map(OperatorViews::approval).toList());
    m.put("recent", guard.approvals().stream().map(OperatorViews::approval).toList());
    return m;
  }

  static Map<String, Object> approval(ApprovalRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("target", r.target());
    m.put("incidentId", r.incidentId());
    m.put("policy", r.evidence().policy());
    m.put("condition", r.evidence().condition());
    m.put("actions", r.actions());
    m.put("reason", r.reason());
    m.put("requester", r.requester());
    m.put("requestedAt", r.requestedAt().toString());
    m.put("expiresAt", r.expiresAt().toString());
    m.put("status", r.status().name());
    m.put("decidedBy", r.decidedBy().orElse(null));
    m.put("decisionReason", r.decisionReason());
    return m;
  }

  /**
   * The audit log's size and its verification: intact, or the first broken entry. Verifying
   * reads the whole log, so this costs in proportion to its size.
   */
  static Map<String, Object> audit(AuditLog log) {
    AuditVerification verification = log.verify();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lastSequence", log.lastSequence());
    m.put("intact", verification.isIntact());
    m.put("verification", verification.describe());
    if (verification instanceof AuditVerification.Intact ok) {
      m.put("entries", ok.entries());
    } else if (verification instanceof AuditVerification.Broken broken) {
      m.put("broken", Map.of("sequence", broken.sequence(), "line", broken.line(), "reason", broken.reason()));
    }
    return m;
  }

  static List<String> names(boolean audit) {
    return audit ? List.of("approvals", "audit") : List.of("approvals");
  }
}
