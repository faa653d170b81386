package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;

/**
 * A {@link DrillRunner} listener that writes every drill start and end to an audit log: {@code
 * drill.started} (outcome {@code started}), {@code drill.finished} (outcome {@code passed} or
 * {@code failed}) and {@code drill.aborted} (outcome {@code aborted}), with the operator who ran
 * the drill as the actor, the drilled target, and the drill, fault or reason and time to recover
 * as evidence.
 *
 * <pre>{@code
 * runner.addListener(DrillAudit.to(auditLog));
 * }</pre>
 *
 * <p>Thread-safe as far as the log is. It writes on the drill's thread; a write that fails throws,
 * and the runner logs it and goes on with the drill.
 */
public final class DrillAudit implements GuardEventListener {
  private final AuditLog log;

  private DrillAudit(AuditLog log) {
    this.log = log;
  }

  /** Returns a listener writing to {@code log}. */
  public static DrillAudit to(AuditLog log) {
    return new DrillAudit(requireNonNull(log, "log"));
  }

  @Override
  public void onEvent(GuardEvent event) {
    if (event instanceof DrillEvent e) {
      log.append(record(e));
    }
  }

  static AuditRecord record(DrillEvent event) {
    AuditRecord.Builder b = AuditRecord.builder(event.requestedBy(), event.type())
        .target(event.target())
        .evidence("drill", event.drill());
    if (event instanceof DrillEvent.Started e) {
      return b.outcome("started").evidence("fault", e.fault()).build();
    }
    if (event instanceof DrillEvent.Finished e) {
      b.outcome(e.passed() ? "passed" : "failed").evidence("reason", e.reason());
      e.timeToRecover().ifPresent(d -> b.evidence("timeToRecover", d.toString()));
      return b.build();
    }
    return b.outcome("aborted").evidence("reason", ((DrillEvent.Aborted) event).reason()).build();
  }
}
