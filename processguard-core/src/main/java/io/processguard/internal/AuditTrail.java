package io.processguard.internal;

import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the guard's decisions and operator acts to the audit log, if one is configured. {@link
 * #write} reports failure so that callers can refuse to act on what could not be recorded.
 */
final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard.audit");

  private final @Nullable AuditLog log;

  AuditTrail(@Nullable AuditLog log) {
    this.log = log;
  }

  /** Appends; returns the failure's message, or null when written (or when there is no log). */
  @Nullable String write(String actor, String action, String target, String outcome, Map<String, ?> evidence) {
    if (log == null) {
      return null;
    }
    try {
      log.append(AuditRecord.builder(actor, action).target(target).outcome(outcome).evidence(evidence).build());
      return null;
    } catch (RuntimeException e) {
      LOG.error("audit log append failed for {} on {}: {}", action, target, e.toString());
      return e.toString();
    }
  }
}
