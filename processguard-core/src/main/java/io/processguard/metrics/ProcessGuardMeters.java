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
  PROBE_DURATION("processguard.probe.duration", Meter.Type.TIMER, "seconds",
      "How long each probe run took, on the guard's ticker; a timed-out run counts until its timeout",
      TagKey.TARGET, TagKey.PROBE),

  /** Time from the first bad sample to the breach. */
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
      "Targets quarantined because their restart budget was spent", TagKey.TARGET),

  /** Quarantines an operator reset. */
  QUARANTINE_RESETS("processguard.quarantine.resets", Meter.Type.COUNTER, "resets",
      "Quarantined targets reset by an operator", TagKey.TARGET),

  /** Heartbeats that went without progress for longer than their deadline. */
  HEARTBEATS_MISSED("processguard.watchdog.heartbeats.missed", Meter.Type.COUNTER, "misses",
      "Heartbeats that went without progress for longer than their deadline", TagKey.TARGET, TagKey.WATCHDOG),

  /** How long a heartbeat that missed its deadline stalled before it beat again. */
  HEARTBEAT_STALLS("processguard.watchdog.heartbeats.stalled", Meter.Type.TIMER, "seconds",
      "How long a heartbeat that missed its deadline went without progress before it beat again",
      TagKey.TARGET, TagKey.WATCHDOG),

  /** What job watchdogs did with overdue jobs: stuck, requeued, dead-lettered, late completions. */
  WATCHDOG_JOBS("processguard.watchdog.jobs", Meter.Type.COUNTER, "jobs",
      "Overdue jobs by what happened to them: stuck, requeued, dead_lettered or late_completion",
      TagKey.TARGET, TagKey.WATCHDOG, TagKey.EVENT),

  /** New decisions of scaling policies, by kind. */
  SCALE_DECISIONS("processguard.scale.decisions", Meter.Type.COUNTER, "decisions",
      "New decisions of scaling policies, by kind", TagKey.TARGET, TagKey.KIND),

  /** Scale steps that ended, by direction and outcome. */
  SCALE_STEPS("processguard.scale.steps", Meter.Type.COUNTER, "steps",
      "Scale steps that ended, by direction (up or down) and outcome (succeeded or failed)",
      TagKey.TARGET, TagKey.DIRECTION, TagKey.OUTCOME),

  /** The replicas of a scaled target, as last reported by its scaling policy. */
  SCALE_REPLICAS("processguard.scale.replicas", Meter.Type.GAUGE, "replicas",
      "Replicas of the target as last reported by its scaling policy", TagKey.TARGET),

  /** Whether a backpressure gate holds its producers: 1 engaged, 0 released. */
  BACKPRESSURE_ENGAGED("processguard.scale.backpressure.engaged", Meter.Type.GAUGE, null,
      "Whether the backpressure gate holds its producers (1) or lets them send (0)", TagKey.TARGET, TagKey.GATE),

  /** How often a backpressure gate was engaged. */
  BACKPRESSURE_ENGAGEMENTS("processguard.scale.backpressure.engagements", Meter.Type.COUNTER, "engagements",
      "Times the backpressure gate was engaged", TagKey.TARGET, TagKey.GATE),

  /** Records the application shed through a gate, by the application's reason. */
  RECORDS_SHED("processguard.scale.records.shed", Meter.Type.COUNTER, "records",
      "Records the application shed through a backpressure gate, by its reason", TagKey.TARGET, TagKey.GATE,
      TagKey.REASON),

  /** Approval requests waiting for an operator. */
  APPROVALS_PENDING("processguard.approvals.pending", Meter.Type.GAUGE, "requests",
      "Approval requests waiting for an operator"),

  /** Steps of approval requests: requested, approved, denied, expired, refused. */
  APPROVALS("processguard.approvals", Meter.Type.COUNTER, "requests",
      "Approval requests by step: requested, approved, denied, expired, or refused (an attempt to decide refused)",
      TagKey.TARGET, TagKey.EVENT),

  /** Notifications the alert router handed to channels, by kind and severity. */
  ALERTS_ROUTED("processguard.alerts.routed", Meter.Type.COUNTER, "notifications",
      "Notifications the alert router handed to at least one channel", TagKey.KIND, TagKey.SEVERITY),

  /** Notifications the alert router kept back, by reason. */
  ALERTS_SUPPRESSED("processguard.alerts.suppressed", Meter.Type.COUNTER, "notifications",
      "Notifications the alert router kept back, by reason", TagKey.REASON),

  /** What channels did with notifications: delivered, retried, rejected, exhausted, dropped. */
  ALERT_DELIVERIES("processguard.alerts.deliveries", Meter.Type.COUNTER, "notifications",
      "Deliveries by channel and outcome: delivered, retried, rejected, exhausted or dropped",
      TagKey.CHANNEL, TagKey.OUTCOME),

  /** Versions of the policy documents loaded or rejected. */
  POLICY_RELOADS("processguard.policy.reloads", Meter.Type.COUNTER, "reloads",
      "Versions of the policy documents, by outcome: loaded or rejected (the running version stays)",
      TagKey.OUTCOME),

  /** Policies rolled back because the guard acted more than their declared normal. */
  POLICY_ROLLBACKS("processguard.policy.rollbacks", Meter.Type.COUNTER, "rollbacks",
      "Policies rolled back because the guard acted more than their declared normal", TagKey.TARGET),

  /** Steps of recovery drills: started, passed, failed, aborted. */
  DRILLS("processguard.drills", Meter.Type.COUNTER, "drills",
      "Recovery drills by step: started, passed, failed or aborted", TagKey.TARGET, TagKey.EVENT),

  /** Time from a drill's breach to the verified recovery, for drills that recovered. */
  DRILL_RECOVER("processguard.drill.recover", Meter.Type.TIMER, "seconds",
      "Time to recover measured by a drill: from the breach to the verified recovery", TagKey.TARGET),

  /** Whether a drill runs now: 1 while one runs, 0 otherwise. */
  DRILL_RUNNING("processguard.drill.running", Meter.Type.GAUGE, null,
      "Whether a recovery drill runs on the target now (1) or not (0)", TagKey.TARGET);

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
    /** A severity, lowercase: {@code warning} or {@code critical}; for alerts also {@code info} or {@code error}. */
    SEVERITY("severity"),
    /** A probe's name (bounded by the target's spec). */
    PROBE("probe"),
    /** A failed sample's status, lowercase: {@code failed} or {@code down}. */
    STATUS("status"),
    /**
     * The kind of a decision ({@code act}, {@code budget_exhausted}, {@code scale}...) or of a
     * notification ({@code trigger}, {@code resolve}...).
     */
    KIND("kind"),
    /** How a decision ran: {@code enforce} or {@code dry-run}. */
    MODE("mode"),
    /** The action's type, such as {@code restart} or {@code mark_unready}. */
    TYPE("type"),
    /**
     * How something ended: an action ({@code succeeded}, {@code timed_out}...), a scale step
     * ({@code succeeded}, {@code failed}), a delivery ({@code delivered}, {@code retried}...), a
     * policy reload ({@code loaded}, {@code rejected}).
     */
    OUTCOME("outcome"),
    /** A watchdog's name (bounded by the watchdogs the application builds). */
    WATCHDOG("watchdog"),
    /** A step in a lifecycle, such as {@code stuck} for a job or {@code approved} for an approval. */
    EVENT("event"),
    /** A scale step's direction: {@code up} or {@code down}. */
    DIRECTION("direction"),
    /** A backpressure gate's name (bounded by the scaling policies). */
    GATE("gate"),
    /**
     * Why: a suppression reason such as {@code duplicate}, or the application's reason for shedding
     * records (keep those few and fixed).
     */
    REASON("reason"),
    /** An alert channel's name (bounded by the router's configuration). */
    CHANNEL("channel");

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
