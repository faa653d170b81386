package io.processguard.metrics;

import io.micrometer.core.instrument.Tags;
import io.processguard.alert.AlertEvent;
import io.processguard.approval.ApprovalEvent;
import io.processguard.chaos.DrillEvent;
import io.processguard.config.PolicyEvent;
import io.processguard.event.GuardEvent;
import io.processguard.metrics.ProcessGuardMeters.TagKey;
import io.processguard.scale.ScaleDecision;
import io.processguard.scale.ScaleEvent;
import io.processguard.watchdog.WatchdogEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the events of watchdogs, scaling, approvals, alerts, policy distribution and drills into
 * meters.
 * Package-private: {@link ProcessGuardMetrics} hands it the events its target and recovery part
 * does not handle. Thread-safe: its own state is in concurrent maps.
 */
final class OperationsMeters {

  /** Where the meters go: every registry bound so far, and later ones. */
  interface Sink {
    /** Adds {@code amount} to a counter. */
    void count(ProcessGuardMeters meter, Tags tags, double amount);

    /** Records a duration in a timer. */
    void time(ProcessGuardMeters meter, Tags tags, Duration took);

    /** Returns the value behind a gauge, registering the gauge the first time. */
    AtomicLong gauge(ProcessGuardMeters meter, Tags tags);
  }

  private final Sink sink;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Map<Tags, Long> shedTotals = new ConcurrentHashMap<>();

  OperationsMeters(Sink sink) {
    this.sink = sink;
  }

  /** Registers the meters that exist before any event: the pending approvals gauge. */
  void registerFixed() {
    sink.gauge(ProcessGuardMeters.APPROVALS_PENDING, Tags.empty());
  }

  void onEvent(GuardEvent event) {
    if (event instanceof WatchdogEvent e) {
      onWatchdog(e);
    } else if (event instanceof ScaleEvent e) {
      onScale(e);
    } else if (event instanceof ApprovalEvent e) {
      onApproval(e);
    } else if (event instanceof AlertEvent e) {
      onAlert(e);
    } else if (event instanceof PolicyEvent e) {
      onPolicy(e);
    } else if (event instanceof DrillEvent e) {
      onDrill(e);
    }
  }

  private void onWatchdog(WatchdogEvent event) {
    Tags tags = Tags.of(TagKey.TARGET.key(), event.target(), TagKey.WATCHDOG.key(), event.watchdog());
    if (event instanceof WatchdogEvent.HeartbeatMissed) {
      sink.count(ProcessGuardMeters.HEARTBEATS_MISSED, tags, 1);
    } else if (event instanceof WatchdogEvent.HeartbeatResumed e) {
      sink.time(ProcessGuardMeters.HEARTBEAT_STALLS, tags, e.stalledFor());
    } else {
      sink.count(ProcessGuardMeters.WATCHDOG_JOBS, tags.and(TagKey.EVENT.key(), jobStep(event)), 1);
    }
  }

  private static String jobStep(WatchdogEvent event) {
    if (event instanceof WatchdogEvent.JobStuck) {
      return "stuck";
    }
    if (event instanceof WatchdogEvent.JobRequeued) {
      return "requeued";
    }
    return event instanceof WatchdogEvent.JobDeadLettered ? "dead_lettered" : "late_completion";
  }

  private void onScale(ScaleEvent event) {
    Tags target = Tags.of(TagKey.TARGET.key(), event.target());
    if (event instanceof ScaleEvent.DecisionMade e) {
      ScaleDecision d = e.record().decision();
      sink.count(ProcessGuardMeters.SCALE_DECISIONS, target.and(TagKey.KIND.key(),
          ProcessGuardMetrics.snake(d.getClass().getSimpleName())), 1);
      sink.gauge(ProcessGuardMeters.SCALE_REPLICAS, target).set(e.record().current());
    } else if (event instanceof ScaleEvent.Scaled e) {
      step(target, e.from(), e.to(), "succeeded");
      sink.gauge(ProcessGuardMeters.SCALE_REPLICAS, target).set(e.to());
    } else if (event instanceof ScaleEvent.ScaleFailed e) {
      step(target, e.from(), e.to(), "failed");
    } else if (event instanceof ScaleEvent.BackpressureEngaged e) {
      Tags gate = target.and(TagKey.GATE.key(), e.gate());
      sink.count(ProcessGuardMeters.BACKPRESSURE_ENGAGEMENTS, gate, 1);
      sink.gauge(ProcessGuardMeters.BACKPRESSURE_ENGAGED, gate).set(1);
    } else if (event instanceof ScaleEvent.BackpressureReleased e) {
      sink.gauge(ProcessGuardMeters.BACKPRESSURE_ENGAGED, target.and(TagKey.GATE.key(), e.gate())).set(0);
    } else if (event instanceof ScaleEvent.RecordsShed e) {
      shed(target.and(TagKey.GATE.key(), e.gate()), e.byReason());
    }
  }

  private void step(Tags target, int from, int to, String outcome) {
    sink.count(ProcessGuardMeters.SCALE_STEPS, target.and(TagKey.DIRECTION.key(), to >= from ? "up" : "down",
        TagKey.OUTCOME.key(), outcome), 1);
  }

  /** The event carries running totals by reason: count what each grew by since the last report. */
  private void shed(Tags gate, Map<String, Long> totals) {
    totals.forEach((reason, total) -> {
      Tags tags = gate.and(TagKey.REASON.key(), reason);
      Long before = shedTotals.put(tags, total);
      long grew = total - (before == null ? 0 : before);
      if (grew > 0) {
        sink.count(ProcessGuardMeters.RECORDS_SHED, tags, grew);
      }
    });
  }

  private void onApproval(ApprovalEvent event) {
    String step = event.type().substring("approval.".length());
    sink.count(ProcessGuardMeters.APPROVALS, Tags.of(TagKey.TARGET.key(), event.target(), TagKey.EVENT.key(), step), 1);
    if (event instanceof ApprovalEvent.Requested) {
      pending.add(event.request().id());
    } else if (!(event instanceof ApprovalEvent.Refused)) {
      pending.remove(event.request().id());
    }
    sink.gauge(ProcessGuardMeters.APPROVALS_PENDING, Tags.empty()).set(pending.size());
  }

  private void onAlert(AlertEvent event) {
    if (event instanceof AlertEvent.Routed e) {
      sink.count(ProcessGuardMeters.ALERTS_ROUTED, Tags.of(TagKey.KIND.key(), lower(e.kind().name()),
          TagKey.SEVERITY.key(), lower(e.severity().name())), 1);
    } else if (event instanceof AlertEvent.Suppressed e) {
      sink.count(ProcessGuardMeters.ALERTS_SUPPRESSED, Tags.of(TagKey.REASON.key(), lower(e.reason().name())), 1);
    } else if (event instanceof AlertEvent.Delivered e) {
      sink.count(ProcessGuardMeters.ALERT_DELIVERIES, Tags.of(TagKey.CHANNEL.key(), e.channel(),
          TagKey.OUTCOME.key(), "delivered"), 1);
    } else if (event instanceof AlertEvent.Failed e) {
      sink.count(ProcessGuardMeters.ALERT_DELIVERIES, Tags.of(TagKey.CHANNEL.key(), e.channel(),
          TagKey.OUTCOME.key(), lower(e.outcome().name())), 1);
    }
  }

  private void onPolicy(PolicyEvent event) {
    if (event instanceof PolicyEvent.Loaded) {
      sink.count(ProcessGuardMeters.POLICY_RELOADS, Tags.of(TagKey.OUTCOME.key(), "loaded"), 1);
    } else if (event instanceof PolicyEvent.Rejected) {
      sink.count(ProcessGuardMeters.POLICY_RELOADS, Tags.of(TagKey.OUTCOME.key(), "rejected"), 1);
    } else if (event instanceof PolicyEvent.RolledBack e) {
      sink.count(ProcessGuardMeters.POLICY_ROLLBACKS, Tags.of(TagKey.TARGET.key(), e.target()), 1);
    }
  }

  private void onDrill(DrillEvent event) {
    Tags target = Tags.of(TagKey.TARGET.key(), event.target());
    String step;
    if (event instanceof DrillEvent.Started) {
      step = "started";
    } else if (event instanceof DrillEvent.Finished e) {
      step = e.passed() ? "passed" : "failed";
      e.timeToRecover().ifPresent(d -> sink.time(ProcessGuardMeters.DRILL_RECOVER, target, d));
    } else {
      step = "aborted";
    }
    sink.count(ProcessGuardMeters.DRILLS, target.and(TagKey.EVENT.key(), step), 1);
    sink.gauge(ProcessGuardMeters.DRILL_RUNNING, target).set(event instanceof DrillEvent.Started ? 1 : 0);
  }

  private static String lower(String name) {
    return ProcessGuardMetrics.lower(name);
  }
}
