package io.processguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processguard.alert.AlertEvent;
import io.processguard.alert.AlertSeverity;
import io.processguard.alert.DeliveryOutcome;
import io.processguard.alert.Notification;
import io.processguard.alert.SuppressionReason;
import io.processguard.approval.ApprovalEvent;
import io.processguard.approval.ApprovalRequest;
import io.processguard.approval.ApprovalStatus;
import io.processguard.chaos.DrillEvent;
import io.processguard.config.PolicyEvent;
import io.processguard.event.GuardEvent;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Decision;
import io.processguard.policy.DecisionRecord;
import io.processguard.policy.RecoveryView;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.SampleStatus;
import io.processguard.recovery.ActionOutcome;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.scale.ScaleBudget;
import io.processguard.scale.ScaleDecision;
import io.processguard.scale.ScaleDecisionRecord;
import io.processguard.scale.ScaleEvent;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import io.processguard.target.Tier;
import io.processguard.validation.Problem;
import io.processguard.watchdog.Diagnostics;
import io.processguard.watchdog.WatchdogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProcessGuardMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private final AtomicReference<HealthSnapshot> snapshot = new AtomicReference<>(
      HealthSnapshot.of(1, T0, List.of(status("checkout", Tier.CRITICAL, TargetState.HEALTHY, true))));
  private final ProcessGuardMetrics metrics = ProcessGuardMetrics.of(snapshot::get);
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void bindTo_knownTarget_registersOneStateGaugePerStateWithTheCurrentOneAtOne() {
    metrics.bindTo(registry);

    for (TargetState s : TargetState.values()) {
      double expected = s == TargetState.HEALTHY ? 1 : 0;
      assertThat(stateGauge("checkout", s)).as(s.name()).isEqualTo(expected);
    }
    assertThat(registry.get("processguard.target.state").tag("tier", "critical").gauges()).hasSize(6);
    assertThat(registry.get("processguard.target.ready").tag("target", "checkout").gauge().value()).isEqualTo(1);
  }

  @Test
  void onEvent_stateChangedAndReadinessChanged_moveTheGauges() {
    metrics.bindTo(registry);

    metrics.onEvent(new TargetEvent.StateChanged(T0, "checkout", TargetState.HEALTHY, TargetState.FAILING, "heap"));
    metrics.onEvent(new RecoveryEvent.ReadinessChanged(T0, "checkout", false, "mark-unready"));

    assertThat(stateGauge("checkout", TargetState.FAILING)).isEqualTo(1);
    assertThat(stateGauge("checkout", TargetState.HEALTHY)).isEqualTo(0);
    assertThat(registry.get("processguard.target.ready").tag("target", "checkout").gauge().value()).isEqualTo(0);
  }

  @Test
  void onEvent_targetRegisteredAfterBinding_getsGaugesWithItsTier() {
    metrics.bindTo(registry);
    snapshot.set(HealthSnapshot.of(2, T0, List.of(
        status("checkout", Tier.CRITICAL, TargetState.HEALTHY, true),
        status("reports", Tier.LOW, TargetState.UNKNOWN, true))));

    metrics.onEvent(new TargetEvent.StateChanged(T0, "reports", TargetState.UNKNOWN, TargetState.DEGRADED, "slow"));

    assertThat(registry.get("processguard.target.state").tags("target", "reports", "tier", "low", "state", "degraded")
        .gauge().value()).isEqualTo(1);
  }

  @Test
  void onEvent_conditionBreached_countsTheBreachAndTimesDetection() {
    metrics.bindTo(registry);

    metrics.onEvent(breach());
    metrics.onEvent(breach());

    assertThat(registry.get("processguard.condition.breaches")
        .tags("target", "checkout", "condition", "heap", "severity", "critical").counter().count()).isEqualTo(2);
    var detect = registry.get("processguard.incident.detect").tags("target", "checkout", "condition", "heap").timer();
    assertThat(detect.count()).isEqualTo(2);
    assertThat(detect.totalTime(TimeUnit.SECONDS)).isEqualTo(6.0);
  }

  @Test
  void onEvent_decisions_areCountedByKindAndMode() {
    metrics.bindTo(registry);

    metrics.onEvent(decision(new Decision.Act(0, Rung.of(ActionSpec.restart("workers"))), false));
    metrics.onEvent(decision(new Decision.BudgetExhausted(3, RestartBudget.DEFAULT), true));
    metrics.onEvent(decision(new Decision.WaitBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1), false));

    assertThat(decisions("act", "enforce")).isEqualTo(1);
    assertThat(decisions("budget_exhausted", "dry-run")).isEqualTo(1);
    assertThat(decisions("wait_backoff", "enforce")).isEqualTo(1);
  }

  @Test
  void onEvent_actionsIncidentsEscalationsQuarantines_areRecorded() {
    metrics.bindTo(registry);

    exerciseRecovery();

    assertThat(registry.get("processguard.actions").tags("target", "checkout", "type", "restart", "outcome", "timed_out")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.actions").tags("type", "mark_unready", "outcome", "succeeded")
        .counter().count()).isEqualTo(1);
    var recover = registry.get("processguard.incident.recover").tags("target", "checkout", "condition", "heap").timer();
    assertThat(recover.totalTime(TimeUnit.SECONDS)).isEqualTo(20.0);
    assertThat(registry.get("processguard.escalations").tag("target", "checkout").counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.quarantines").tag("target", "checkout").counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.probe.failures").tags("probe", "heap-probe", "status", "failed")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void onEvent_beforeAnyBinding_isRecordedInNoRegistryAndLaterBindingSeesTheState() {
    metrics.onEvent(breach());
    metrics.onEvent(new TargetEvent.StateChanged(T0, "checkout", TargetState.HEALTHY, TargetState.FAILING, "heap"));

    metrics.bindTo(registry);

    assertThat(registry.find("processguard.condition.breaches").counters()).isEmpty();
    assertThat(stateGauge("checkout", TargetState.FAILING)).isEqualTo(1);
  }

  @Test
  void bindTo_twoRegistries_bothReceiveEveryEvent() {
    MeterRegistry second = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    metrics.bindTo(second);

    metrics.onEvent(breach());

    assertThat(registry.get("processguard.condition.breaches").counter().count()).isEqualTo(1);
    assertThat(second.get("processguard.condition.breaches").counter().count()).isEqualTo(1);
  }

  @Test
  void meters_everyRegisteredMeter_isListedInDocsAndDeclaredWithADescription() throws IOException {
    metrics.bindTo(registry);
    exerciseRecovery();
    exerciseOperations();
    metrics.onEvent(breach());
    metrics.onProbeRun("checkout", "heap", 1_000_000L, SampleStatus.UP);

    String doc = Files.readString(Path.of("../docs/metrics.md"));
    Matcher m = Pattern.compile("^\\| `(processguard\\.[a-z0-9_.]+)` \\|", Pattern.MULTILINE).matcher(doc);
    TreeSet<String> documented = new TreeSet<>();
    while (m.find()) {
      documented.add(m.group(1));
    }
    TreeSet<String> registered = new TreeSet<>();
    for (Meter meter : registry.getMeters()) {
      registered.add(meter.getId().getName());
      assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
    }
    TreeSet<String> declared = new TreeSet<>();
    for (ProcessGuardMeters meter : ProcessGuardMeters.values()) {
      declared.add(meter.meterName());
    }
    assertThat(documented).as("docs/metrics.md lists every registered meter").containsAll(registered);
    assertThat(registered).as("every declared meter is produced by some event").isEqualTo(declared);
    assertThat(documented).as("docs/metrics.md lists exactly the declared meters").isEqualTo(declared);
  }

  @Test
  void meters_tags_matchTheDeclaration() {
    metrics.bindTo(registry);
    exerciseRecovery();
    exerciseOperations();
    metrics.onEvent(breach());

    for (ProcessGuardMeters declared : ProcessGuardMeters.values()) {
      List<String> keys = new ArrayList<>();
      declared.tagKeys().forEach(k -> keys.add(k.key()));
      for (Meter meter : registry.find(declared.meterName()).meters()) {
        List<String> actual = new ArrayList<>();
        meter.getId().getTags().forEach(t -> actual.add(t.getKey()));
        assertThat(actual).as(declared.meterName()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(meter.getId().getType()).as(declared.meterName()).isEqualTo(declared.type());
      }
    }
  }

  @Test
  void onEvent_watchdogEvents_countMissesStallsAndJobsByStep() {
    metrics.bindTo(registry);

    exerciseOperations();

    assertThat(registry.get("processguard.watchdog.heartbeats.missed").tags("target", "checkout", "watchdog", "poller")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.watchdog.heartbeats.stalled").tags("watchdog", "poller").timer()
        .totalTime(TimeUnit.SECONDS)).isEqualTo(42.0);
    for (String step : List.of("stuck", "requeued", "dead_lettered", "late_completion")) {
      assertThat(registry.get("processguard.watchdog.jobs").tags("target", "checkout", "watchdog", "jobs", "event", step)
          .counter().count()).as(step).isEqualTo(1);
    }
  }

  @Test
  void onEvent_scaleEvents_countDecisionsStepsAndShedRecordsAndMoveTheGauges() {
    metrics.bindTo(registry);

    exerciseOperations();

    assertThat(registry.get("processguard.scale.decisions").tags("target", "pipeline", "kind", "scale").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get("processguard.scale.steps").tags("direction", "up", "outcome", "succeeded").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get("processguard.scale.steps").tags("direction", "down", "outcome", "failed").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get("processguard.scale.replicas").tag("target", "pipeline").gauge().value()).isEqualTo(8);
    assertThat(registry.get("processguard.scale.backpressure.engagements").tag("gate", "ingest").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("processguard.scale.backpressure.engaged").tag("gate", "ingest").gauge().value())
        .isEqualTo(0);
    assertThat(registry.get("processguard.scale.records.shed").tags("gate", "ingest", "reason", "expired").counter()
        .count()).as("totals 5 then 12: counted once each").isEqualTo(12);
    assertThat(registry.get("processguard.scale.records.shed").tags("reason", "invalid").counter().count())
        .isEqualTo(3);
  }

  @Test
  void onEvent_backpressureEngagedWithoutRelease_showsOne() {
    metrics.bindTo(registry);

    metrics.onEvent(new ScaleEvent.BackpressureEngaged(T0, "pipeline", "scale", "ingest", "lag 900 > 100"));

    assertThat(registry.get("processguard.scale.backpressure.engaged").tag("gate", "ingest").gauge().value())
        .isEqualTo(1);
  }

  @Test
  void onEvent_approvalEvents_countEachStepAndKeepThePendingGauge() {
    metrics.bindTo(registry);
    metrics.onEvent(new ApprovalEvent.Requested(T0, "db", approval("a-1", ApprovalStatus.PENDING)));
    metrics.onEvent(new ApprovalEvent.Requested(T0, "db", approval("a-2", ApprovalStatus.PENDING)));
    metrics.onEvent(new ApprovalEvent.Requested(T0, "db", approval("a-3", ApprovalStatus.PENDING)));
    assertThat(pendingApprovals()).isEqualTo(3);

    metrics.onEvent(new ApprovalEvent.Refused(T0, "db", approval("a-1", ApprovalStatus.PENDING), "processguard",
        "automated"));
    assertThat(pendingApprovals()).as("a refusal decides nothing").isEqualTo(3);
    metrics.onEvent(new ApprovalEvent.Approved(T0, "db", approval("a-1", ApprovalStatus.APPROVED)));
    metrics.onEvent(new ApprovalEvent.Denied(T0, "db", approval("a-2", ApprovalStatus.DENIED)));
    metrics.onEvent(new ApprovalEvent.Expired(T0, "db", approval("a-3", ApprovalStatus.EXPIRED)));

    assertThat(pendingApprovals()).isEqualTo(0);
    assertThat(approvals("requested")).isEqualTo(3);
    for (String step : List.of("refused", "approved", "denied", "expired")) {
      assertThat(approvals(step)).as(step).isEqualTo(1);
    }
  }

  @Test
  void onEvent_alertAndPolicyEvents_countRoutesSuppressionsDeliveriesReloadsAndRollbacks() {
    metrics.bindTo(registry);

    exerciseOperations();

    assertThat(registry.get("processguard.alerts.routed").tags("kind", "trigger", "severity", "critical").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get("processguard.alerts.suppressed").tag("reason", "duplicate").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("processguard.alerts.deliveries").tags("channel", "pager", "outcome", "delivered")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.alerts.deliveries").tags("channel", "slack", "outcome", "retried")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.policy.reloads").tag("outcome", "loaded").counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.policy.reloads").tag("outcome", "rejected").counter().count()).isEqualTo(1);
    assertThat(registry.get("processguard.policy.rollbacks").tag("target", "checkout").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("processguard.quarantine.resets").tag("target", "checkout").counter().count())
        .isEqualTo(1);
  }

  private void exerciseOperations() {
    List<GuardEvent> events = List.of(
        new WatchdogEvent.HeartbeatMissed(T0, "checkout", "poller", Duration.ofSeconds(40), Duration.ofSeconds(30),
            new Diagnostics(T0, List.of(), "")),
        new WatchdogEvent.HeartbeatResumed(T0, "checkout", "poller", Duration.ofSeconds(42)),
        new WatchdogEvent.JobStuck(T0, "checkout", "jobs", "j-1", 1, Duration.ofSeconds(5), "w-1", List.of()),
        new WatchdogEvent.JobRequeued(T0, "checkout", "jobs", "j-1", 2),
        new WatchdogEvent.JobDeadLettered(T0, "checkout", "jobs", "j-2", 3, "attempts used"),
        new WatchdogEvent.LateCompletion(T0, "checkout", "jobs", "j-1", 1),
        new ScaleEvent.DecisionMade(T0, "pipeline", scaleRecord(new ScaleDecision.Scale(4, 8))),
        new ScaleEvent.Scaled(T0, "pipeline", "scale", "workers", 4, 8),
        new ScaleEvent.ScaleFailed(T0, "pipeline", "scale", "workers", 8, 6, "refused"),
        new ScaleEvent.BackpressureEngaged(T0, "pipeline", "scale", "ingest", "lag 900 > 100"),
        new ScaleEvent.BackpressureReleased(T0, "pipeline", "scale", "ingest", Duration.ofSeconds(9), "lag 50"),
        new ScaleEvent.RecordsShed(T0, "pipeline", "ingest", 5, 5, Map.of("expired", 5L)),
        new ScaleEvent.RecordsShed(T0, "pipeline", "ingest", 10, 15, Map.of("expired", 12L, "invalid", 3L)),
        new ApprovalEvent.Requested(T0, "db", approval("a-9", ApprovalStatus.PENDING)),
        new AlertEvent.Routed(T0, "checkout", "checkout/heap", Notification.Kind.TRIGGER, AlertSeverity.CRITICAL,
            List.of("pager")),
        new AlertEvent.Suppressed(T0, "checkout", "checkout/heap", Notification.Kind.TRIGGER,
            SuppressionReason.DUPLICATE),
        new AlertEvent.Delivered(T0, "checkout", "checkout/heap", Notification.Kind.TRIGGER, "pager", 1),
        new AlertEvent.Failed(T0, "checkout", "checkout/heap", Notification.Kind.TRIGGER, "slack",
            DeliveryOutcome.RETRIED, 1, "HTTP 503"),
        new PolicyEvent.Loaded(T0, "policies/", "r2", "abc", List.of()),
        new PolicyEvent.Rejected(T0, "policies/", "def", "r2", List.of(new Problem("policy 'x'", "mode", "y", "bad"))),
        new PolicyEvent.RolledBack(T0, "checkout", "checkout-recovery", "r2", "revision r1", "6 restarts/h > 2",
            List.of("pager")),
        new RecoveryEvent.QuarantineReset(T0, "checkout", "alice", "fixed"),
        new DrillEvent.Started(T0, "checkout", "checkout-slow", "latency", "alice"),
        new DrillEvent.Finished(T0, "checkout", "checkout-slow", true, "", Optional.of(Duration.ofSeconds(12)),
            "alice"));
    events.forEach(metrics::onEvent);
  }

  @Test
  void onEvent_drillEvents_countStepsTimeRecoveryAndTrackTheRunningDrill() {
    metrics.bindTo(registry);

    metrics.onEvent(new DrillEvent.Started(T0, "checkout", "checkout-slow", "latency", "alice"));
    double runningDuring = registry.get("processguard.drill.running").tag("target", "checkout").gauge().value();
    metrics.onEvent(new DrillEvent.Finished(T0, "checkout", "checkout-slow", true, "",
        Optional.of(Duration.ofSeconds(12)), "alice"));
    metrics.onEvent(new DrillEvent.Started(T0, "checkout", "checkout-slow", "latency", "alice"));
    metrics.onEvent(new DrillEvent.Finished(T0, "checkout", "checkout-slow", false, "escalated", Optional.empty(),
        "alice"));
    metrics.onEvent(new DrillEvent.Started(T0, "checkout", "checkout-slow", "latency", "bob"));
    metrics.onEvent(new DrillEvent.Aborted(T0, "checkout", "checkout-slow", "maxDuration passed", "bob"));

    assertThat(drills("started")).isEqualTo(3);
    assertThat(drills("passed")).isEqualTo(1);
    assertThat(drills("failed")).isEqualTo(1);
    assertThat(drills("aborted")).isEqualTo(1);
    var recover = registry.get("processguard.drill.recover").tag("target", "checkout").timer();
    assertThat(recover.count()).isEqualTo(1);
    assertThat(recover.totalTime(TimeUnit.SECONDS)).isEqualTo(12.0);
    assertThat(runningDuring).isEqualTo(1.0);
    assertThat(registry.get("processguard.drill.running").tag("target", "checkout").gauge().value()).isEqualTo(0.0);
  }

  private double drills(String step) {
    return registry.get("processguard.drills").tags("target", "checkout", "event", step).counter().count();
  }

  private double pendingApprovals() {
    return registry.get("processguard.approvals.pending").gauge().value();
  }

  private double approvals(String step) {
    return registry.get("processguard.approvals").tags("target", "db", "event", step).counter().count();
  }

  private static ApprovalRequest approval(String id, ApprovalStatus status) {
    return new ApprovalRequest(id, "db", "i-7", List.of("failover(db-cluster)"), "primary down",
        decision(new Decision.BudgetExhausted(3, RestartBudget.DEFAULT), false).record(), "processguard", T0,
        T0.plusSeconds(900), status, Optional.empty(), "");
  }

  private static ScaleDecisionRecord scaleRecord(ScaleDecision d) {
    return new ScaleDecisionRecord(T0, "scale", "pipeline", "lag", 900, 100, 9, 4, 36, 8, 8, 1, 8, 0,
        ScaleBudget.DEFAULT, d, false);
  }

  private void exerciseRecovery() {
    Instant breachedAt = T0.plusSeconds(3);
    List<GuardEvent> events = List.of(
        new TargetEvent.ProbeFailed(T0, "checkout", "heap-probe", SampleStatus.FAILED, "boom", 1),
        decision(new Decision.Act(0, Rung.of(ActionSpec.restart("workers"))), false),
        new RecoveryEvent.ActionCompleted(T0, "checkout", "i-1", ActionSpec.restart("workers"),
            ActionOutcome.TIMED_OUT, "overran", Duration.ofSeconds(30)),
        new RecoveryEvent.ActionCompleted(T0, "checkout", "i-1", ActionSpec.markUnready(),
            ActionOutcome.SUCCEEDED, "", Duration.ZERO),
        new RecoveryEvent.Escalated(T0, "checkout", "i-1", "ladder exhausted"),
        new RecoveryEvent.Quarantined(T0, "checkout", "budget"),
        new RecoveryEvent.IncidentRecovered(T0, "checkout", new Incident("i-1", "checkout", "heap",
            Incident.Status.RECOVERED, T0, breachedAt, Optional.of(breachedAt),
            Optional.of(breachedAt.plusSeconds(20)), List.of())));
    events.forEach(metrics::onEvent);
  }

  private double stateGauge(String target, TargetState state) {
    return registry.get("processguard.target.state")
        .tags("target", target, "state", state.name().toLowerCase(java.util.Locale.ROOT)).gauge().value();
  }

  private double decisions(String kind, String mode) {
    return registry.get("processguard.decisions").tags("target", "checkout", "kind", kind, "mode", mode)
        .counter().count();
  }

  private static TargetEvent.ConditionBreached breach() {
    return new TargetEvent.ConditionBreached(T0.plusSeconds(3), "checkout", "heap", Severity.CRITICAL,
        "heap.used.ratio 0.95 > 0.9", Map.of("heap.used.ratio", 0.95), T0);
  }

  private static RecoveryEvent.DecisionMade decision(Decision d, boolean dryRun) {
    return new RecoveryEvent.DecisionMade(T0, "checkout", new DecisionRecord(T0, "checkout-recovery", "checkout",
        "heap", "i-1", d, dryRun, "heap high", Map.of(), new RecoveryView(0, 0, 0, -1, false), RestartBudget.DEFAULT));
  }

  private static TargetStatus status(String name, Tier tier, TargetState state, boolean ready) {
    return new TargetStatus(Target.builder(name).tier(tier).build(), state, "", T0, ready, List.of(), Map.of());
  }
}
