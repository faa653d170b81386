package io.processguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import io.processguard.target.Tier;
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
    metrics.onEvent(breach());

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
