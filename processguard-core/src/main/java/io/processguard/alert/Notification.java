package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message for on-call people, with the context they need to act: which target, how
 * critical, what was measured against which threshold, what ProcessGuard already did, and where
 * the runbook is.
 *
 * <p>Immutable. The {@code dedupKey} ties a trigger to its reminders and its resolve: one
 * incident, one key.
 *
 * @param dedupKey stable for one incident (the incident id, or {@code target/condition})
 * @param kind trigger, resolve, reminder or plain information
 * @param severity how urgent
 * @param target the target's name
 * @param tier the target's tier, as text (CRITICAL, HIGH...)
 * @param rto the target's recovery time objective
 * @param summary one line, such as {@code checkout: heap-high (heap.used.ratio=0.95 > 0.9)}
 * @param detail longer text; may be empty
 * @param signals the signal values that matter, by name
 * @param thresholds the thresholds they were compared with, in words, by signal name
 * @param actions what ProcessGuard did so far, oldest first, in words with results
 * @param runbook where the runbook is
 * @param remediation a hint declared in the policy; may be empty
 * @param incidentId the incident's id; may be empty
 * @param timestamp when it was raised
 * @param tags the target's tags
 */
public record Notification(
    String dedupKey,
    Kind kind,
    AlertSeverity severity,
    String target,
    String tier,
    Duration rto,
    String summary,
    String detail,
    Map<String, Double> signals,
    Map<String, String> thresholds,
    List<String> actions,
    Optional<URI> runbook,
    String remediation,
    String incidentId,
    Instant timestamp,
    Map<String, String> tags) {

  /** Validates and copies. */
  public Notification {
    if (dedupKey == null || dedupKey.isBlank()) {
      throw new IllegalArgumentException("notification dedupKey must not be blank, got '" + dedupKey + "'");
    }
    requireNonNull(kind, "kind");
    requireNonNull(severity, "severity");
    requireNonNull(target, "target");
    requireNonNull(tier, "tier");
    requireNonNull(rto, "rto");
    requireNonNull(summary, "summary");
    requireNonNull(detail, "detail");
    signals = Map.copyOf(signals);
    thresholds = Map.copyOf(thresholds);
    actions = List.copyOf(actions);
    requireNonNull(runbook, "runbook");
    requireNonNull(remediation, "remediation");
    requireNonNull(incidentId, "incidentId");
    requireNonNull(timestamp, "timestamp");
    tags = Map.copyOf(tags);
  }

  /** Returns a copy with another kind (for a resolve or reminder of the same incident). */
  public Notification withKind(Kind newKind, Instant at) {
    return new Notification(dedupKey, newKind, severity, target, tier, rto, summary, detail, signals,
        thresholds, actions, runbook, remediation, incidentId, at, tags);
  }

  /** What a notification does to the alert it belongs to. */
  public enum Kind {
    /** Opens (or re-triggers) the alert. */
    TRIGGER,
    /** Repeats an alert that is still open. */
    REMINDER,
    /** Closes the alert: the incident recovered. */
    RESOLVE,
    /** Says something without opening an alert (a change event, a recovery action). */
    INFO
  }
}
