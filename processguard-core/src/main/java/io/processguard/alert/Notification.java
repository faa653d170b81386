package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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

  /**
   * The tag that sends a notification to one named channel of an {@link AlertRouter}, whatever
   * the severity routes say. A policy's {@code alert(name)} action sets it.
   */
  public static final String CHANNEL_TAG = "processguard.channel";

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

  /**
   * Starts a builder for a notification of the given incident key and target; {@link
   * Builder#summary} and {@link Builder#timestamp} must be set before {@link Builder#build}.
   *
   * <p>Defaults: kind {@link Kind#TRIGGER}, severity {@link AlertSeverity#WARNING}, tier and detail
   * and remediation and incident id empty, rto {@link Duration#ZERO}, no signals, thresholds,
   * actions, runbook or tags.
   *
   * @throws IllegalArgumentException when {@code dedupKey} or {@code target} is blank
   */
  public static Builder builder(String dedupKey, String target) {
    return new Builder(dedupKey, target);
  }

  /** Returns a builder holding this notification's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(dedupKey, target).kind(kind).severity(severity).tier(tier).rto(rto)
        .summary(summary).detail(detail).signals(signals).thresholds(thresholds).actions(actions)
        .remediation(remediation).incidentId(incidentId).timestamp(timestamp).tags(tags);
    runbook.ifPresent(b::runbook);
    return b;
  }

  /** A mutable, single-thread builder of {@link Notification}; each setter checks its argument. */
  public static final class Builder {
    private String dedupKey;
    private final String target;
    private Kind kind = Kind.TRIGGER;
    private AlertSeverity severity = AlertSeverity.WARNING;
    private String tier = "";
    private Duration rto = Duration.ZERO;
    private String summary = "";
    private String detail = "";
    private final Map<String, Double> signals = new LinkedHashMap<>();
    private final Map<String, String> thresholds = new LinkedHashMap<>();
    private List<String> actions = List.of();
    private Optional<URI> runbook = Optional.empty();
    private String remediation = "";
    private String incidentId = "";
    private Instant timestamp = Instant.EPOCH;
    private boolean timestampSet;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder(String dedupKey, String target) {
      this.dedupKey = notBlank("dedupKey", dedupKey);
      this.target = notBlank("target", target);
    }

    /** Replaces the dedup key (for a page that speaks for a group of alerts). */
    public Builder dedupKey(String value) {
      this.dedupKey = notBlank("dedupKey", value);
      return this;
    }

    /** Sets the kind; default {@link Kind#TRIGGER}. */
    public Builder kind(Kind value) {
      this.kind = requireNonNull(value, "kind");
      return this;
    }

    /** Sets the severity; default {@link AlertSeverity#WARNING}. */
    public Builder severity(AlertSeverity value) {
      this.severity = requireNonNull(value, "severity");
      return this;
    }

    /** Sets the target's tier as text, such as {@code CRITICAL}. */
    public Builder tier(String value) {
      this.tier = requireNonNull(value, "tier");
      return this;
    }

    /** Sets the target's recovery time objective; must not be negative. */
    public Builder rto(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("rto must not be negative, got " + value);
      }
      this.rto = value;
      return this;
    }

    /** Sets the one-line summary (required, not blank). */
    public Builder summary(String value) {
      this.summary = notBlank("summary", value);
      return this;
    }

    /** Sets the longer text. */
    public Builder detail(String value) {
      this.detail = requireNonNull(value, "detail");
      return this;
    }

    /** Adds one signal value and, when not empty, the threshold it was compared with. */
    public Builder signal(String name, double value, String threshold) {
      notBlank("signal name", name);
      requireNonNull(threshold, "threshold");
      signals.put(name, value);
      if (!threshold.isEmpty()) {
        thresholds.put(name, threshold);
      }
      return this;
    }

    /** Replaces the signal values. */
    public Builder signals(Map<String, Double> values) {
      signals.clear();
      signals.putAll(requireNonNull(values, "signals"));
      return this;
    }

    /** Replaces the thresholds. */
    public Builder thresholds(Map<String, String> values) {
      thresholds.clear();
      thresholds.putAll(requireNonNull(values, "thresholds"));
      return this;
    }

    /** Sets what ProcessGuard did so far, oldest first. */
    public Builder actions(List<String> values) {
      this.actions = List.copyOf(requireNonNull(values, "actions"));
      return this;
    }

    /** Sets the runbook's address. */
    public Builder runbook(URI value) {
      this.runbook = Optional.of(requireNonNull(value, "runbook"));
      return this;
    }

    /** Sets the remediation hint. */
    public Builder remediation(String value) {
      this.remediation = requireNonNull(value, "remediation");
      return this;
    }

    /** Sets the incident id. */
    public Builder incidentId(String value) {
      this.incidentId = requireNonNull(value, "incidentId");
      return this;
    }

    /** Sets when it was raised (required). */
    public Builder timestamp(Instant value) {
      this.timestamp = requireNonNull(value, "timestamp");
      this.timestampSet = true;
      return this;
    }

    /** Adds one tag. */
    public Builder tag(String key, String value) {
      tags.put(notBlank("tag key", key), requireNonNull(value, "tag value"));
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(Map<String, String> values) {
      tags.clear();
      tags.putAll(requireNonNull(values, "tags"));
      return this;
    }

    /**
     * Builds the notification.
     *
     * @throws IllegalArgumentException when the summary or the timestamp was not set
     */
    public Notification build() {
      if (summary.isEmpty()) {
        throw new IllegalArgumentException("notification '" + dedupKey + "' needs a summary");
      }
      if (!timestampSet) {
        throw new IllegalArgumentException("notification '" + dedupKey + "' needs a timestamp");
      }
      return new Notification(dedupKey, kind, severity, target, tier, rto, summary, detail, signals,
          thresholds, actions, runbook, remediation, incidentId, timestamp, tags);
    }

    private static String notBlank(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, got '" + value + "'");
      }
      return value;
    }
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
