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
  private io.processguard.fleet.@Nullable FleetCoordinator fleet;

  AuditTrail(@Nullable AuditLog log) {
    this.log = log;
  }

  /** Also copies every entry to the fleet's trail (queued there while its store is away). */
  void fleet(io.processguard.fleet.FleetCoordinator coordinator) {
    this.fleet = coordinator;
  }

  /** Appends; returns the failure's message, or null when written (or when there is no log). */
  @Nullable String write(String actor, String action, String target, String outcome, Map<String, ?> evidence) {
    if (log == null && fleet == null) {
      return null;
    }
    AuditRecord record = AuditRecord.builder(actor, action).target(target).outcome(outcome).evidence(evidence).build();
    try {
      if (log != null) {
        log.append(record);
      }
    } catch (RuntimeException e) {
      LOG.error("audit log append failed for {} on {}: {}", action, target, e.toString());
      return e.toString();
    }
    String failure = fleet == null ? null : fleet.audit(record);
    if (failure != null) {
      LOG.error("fleet audit append failed for {} on {}: {}", action, target, failure);
    }
    return failure;
  }
}
