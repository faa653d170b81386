package io.processguard.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every meter ProcessGuard publishes: name, type, base unit, description and tag keys, in one
 * place (as Micrometer's {@code NettyMeters} does). {@code docs/metrics.md} lists the same
 * meters; a test keeps the two in step. Names are {@code processguard.<thing>.<measure>} and
 * every tag is low-cardinality (bounded by the inventory and the enums of the model).
 *
 * <p>To add a meter: add a constant here, record it from an event in a binder of this package,
 * and add its row to {@code docs/metrics.md}.
 */
public enum ProcessGuardMeters {

  /** One gauge per target and state: 1 for the state the target is in, 0 for every other. */
  TARGET_STATE("processguard.target.state", Meter.Type.GAUGE, null,
      "Whether the target is in the state (1) or not (0), one series per state",
      TagKey.TARGET, TagKey.TIER, TagKey.STATE),

  /** Whether a target takes work: 1 ready, 0 marked unready by a recovery action. */
  TARGET_READY("processguard.target.ready", Meter.Type.GAUGE, null,
      "Whether the target takes work (1) or was marked unready by a recovery action (0)",
      TagKey.TARGET, TagKey.TIER),

  /** Breaches of watched conditions. */
  CONDITION_BREACHES("processguard.condition.breaches", Meter.Type.COUNTER, "breaches",
      "Breaches of a watched condition", TagKey.TARGET, TagKey.CONDITION, TagKey.SEVERITY),

  /** Probe runs that failed (threw, timed out, hung) or reported the target down. */
  PROBE_FAILURES("processguard.probe.failures", Meter.Type.COUNTER, "failures",
      "Probe runs that failed or reported the target down", TagKey.TARGET, TagKey.PROBE, TagKey.STATUS),

  /** Policy decisions, by kind and by whether they were only a dry run. */
  DECISIONS("processguard.decisions", Meter.Type.COUNTER, "decisions",
      "Decisions of recovery policies, by kind; mode dry-run when nothing was executed",
      TagKey.TARGET, TagKey.KIND, TagKey.MODE),

  /** Completed recovery actions, by type and outcome. */
  ACTIONS("processguard.actions", Meter.Type.COUNTER, "actions",
      "Recovery actions that ended, by type and outcome", TagKey.TARGET, TagKey.TYPE, TagKey.OUTCOME),

  /** Time from the first bad sample to the breach of a condition. */
  INCIDENT_DETECT("processguard.incident.detect", Meter.Type.TIMER, "seconds",
      "Time to detect: from the first bad sample to the breach", TagKey.TARGET, TagKey.CONDITION),

  /** Time from the breach to the verified clear of a condition. */
  INCIDENT_RECOVER("processguard.incident.recover", Meter.Type.TIMER, "seconds",
      "Time to recover: from the breach to the verified clear", TagKey.TARGET, TagKey.CONDITION),

  /** Incidents escalated to a human (ladder or restart budget exhausted). */
  ESCALATIONS("processguard.escalations", Meter.Type.COUNTER, "escalations",
      "Incidents escalated to a human because recovery gave up", TagKey.TARGET),

  /** Targets quarantined because their restart budget was spent. */
  QUARANTINES("processguard.quarantines", Meter.Type.COUNTER, "quarantines",
      "Targets quarantined because their restart budget was spent", TagKey.TARGET);

  private final String meterName;
  private final Meter.Type type;
  private final @Nullable String baseUnit;
  private final String description;
  private final List<TagKey> tagKeys;

  ProcessGuardMeters(String meterName, Meter.Type type, @Nullable String baseUnit, String description, TagKey... tagKeys) {
    this.meterName = meterName;
    this.type = type;
    this.baseUnit = baseUnit;
    this.description = description;
    this.tagKeys = List.of(tagKeys);
  }

  /** Returns the meter's name, such as {@code processguard.target.state}. */
  public String meterName() {
    return meterName;
  }

  /** Returns the meter's type. */
  public Meter.Type type() {
    return type;
  }

  /** Returns the base unit, or {@code null} for a dimensionless gauge. */
  public @Nullable String baseUnit() {
    return baseUnit;
  }

  /** Returns the description every registry shows. */
  public String description() {
    return description;
  }

  /** Returns the tag keys, in the order they are documented. */
  public List<TagKey> tagKeys() {
    return tagKeys;
  }

  /** The tag keys of ProcessGuard's meters; each has a bounded set of values. */
  public enum TagKey {
    /** The target's name (bounded by the inventory). */
    TARGET("target"),
    /** The target's tier, lowercase: {@code critical}, {@code high}, {@code medium}, {@code low}. */
    TIER("tier"),
    /** A target state, lowercase, such as {@code healthy}. */
    STATE("state"),
    /** A watched condition's name (bounded by the target's spec). */
    CONDITION("condition"),
    /** A condition's severity, lowercase: {@code warning} or {@code critical}. */
    SEVERITY("severity"),
    /** A probe's name (bounded by the target's spec). */
    PROBE("probe"),
    /** A failed sample's status, lowercase: {@code failed} or {@code down}. */
    STATUS("status"),
    /** The kind of decision, such as {@code act} or {@code budget_exhausted}. */
    KIND("kind"),
    /** How a decision ran: {@code enforce} or {@code dry-run}. */
    MODE("mode"),
    /** The action's type, such as {@code restart} or {@code mark_unready}. */
    TYPE("type"),
    /** How an action ended, such as {@code succeeded} or {@code timed_out}. */
    OUTCOME("outcome");

    private final String key;

    TagKey(String key) {
      this.key = key;
    }

    /** Returns the key as it appears on the meter. */
    public String key() {
      return key;
    }
  }
}
