package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to write to the audit log: who did what to which target, with what outcome, and the
 * evidence behind it (the decision record). The log adds the sequence number, the timestamp and
 * the seals, and returns the written {@link AuditEntry}.
 *
 * <p>Immutable and thread-safe. Evidence is a JSON object: its values are strings, booleans,
 * whole numbers (stored as {@code Long}), finite floating-point numbers (stored as {@code
 * Double}), lists and maps with string keys of those; {@code null} is rejected. Key order is
 * kept, so the file reads in the order the evidence was built.
 *
 * @param actor who acted: an operator's name, or {@link #AUTOMATION_ACTOR} for ProcessGuard
 *     itself; not blank
 * @param action what was done, dot-separated lowercase words such as {@code restart}, {@code
 *     decision}, {@code approval.granted}; not blank
 * @param target the target acted on; may be empty when the act concerns no target
 * @param outcome how it ended, such as {@code ok}, {@code failed}, {@code dry-run}; may be empty
 * @param evidence the decision record; unmodifiable, may be empty
 * @param instanceId the ProcessGuard instance that wrote it, for fleets; empty for the
 *     configured default ({@link AuditConfig#instanceId()})
 */
public record AuditRecord(
    String actor,
    String action,
    String target,
    String outcome,
    Map<String, Object> evidence,
    Optional<String> instanceId) {

  /** The actor name of automated acts: {@value}. */
  public static final String AUTOMATION_ACTOR = "processguard";

  /** Validates and copies. */
  public AuditRecord {
    requireText("actor", actor);
    requireText("action", action);
    requireNonNull(target, "target");
    requireNonNull(outcome, "outcome");
    evidence = Evidence.copyOf(requireNonNull(evidence, "evidence"));
    requireNonNull(instanceId, "instanceId");
    instanceId.ifPresent(id -> requireText("instanceId", id));
  }

  /** Returns a record with no evidence. */
  public static AuditRecord of(String actor, String action, String target, String outcome) {
    return new AuditRecord(actor, action, target, outcome, Map.of(), Optional.empty());
  }

  /** Starts a record for an act by ProcessGuard itself ({@link #AUTOMATION_ACTOR}). */
  public static Builder automated(String action) {
    return new Builder(AUTOMATION_ACTOR, action);
  }

  /** Starts a record for an act by the named operator. */
  public static Builder builder(String actor, String action) {
    return new Builder(actor, action);
  }

  static String requireText(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("audit record " + name + " must not be blank, got '" + value + "'");
    }
    return value;
  }

  /** Builds an {@link AuditRecord}; not thread-safe. */
  public static final class Builder {
    private final String actor;
    private final String action;
    private String target = "";
    private String outcome = "";
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private @Nullable String instanceId;

    private Builder(String actor, String action) {
      this.actor = requireText("actor", actor);
      this.action = requireText("action", action);
    }

    /** Sets the target; default empty. */
    public Builder target(String target) {
      this.target = requireNonNull(target, "target");
      return this;
    }

    /** Sets the outcome; default empty. */
    public Builder outcome(String outcome) {
      this.outcome = requireNonNull(outcome, "outcome");
      return this;
    }

    /** Adds one evidence value (see {@link AuditRecord} for the types allowed). */
    public Builder evidence(String key, Object value) {
      requireText("evidence key", key);
      evidence.put(key, Evidence.copyValue(key, value));
      return this;
    }

    /** Adds every evidence value of the map, in its iteration order. */
    public Builder evidence(Map<String, ?> values) {
      requireNonNull(values, "values").forEach(this::evidence);
      return this;
    }

    /** Sets the instance id; default: the log's configured one. */
    public Builder instanceId(String instanceId) {
      this.instanceId = requireText("instanceId", instanceId);
      return this;
    }

    /** Returns the record. */
    public AuditRecord build() {
      return new AuditRecord(actor, action, target, outcome, evidence, Optional.ofNullable(instanceId));
    }
  }
}
