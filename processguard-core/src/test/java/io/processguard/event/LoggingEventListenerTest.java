package io.processguard.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.processguard.approval.ApprovalEvent;
import io.processguard.approval.ApprovalRequest;
import io.processguard.approval.ApprovalStatus;
import io.processguard.config.PolicyEvent;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Decision;
import io.processguard.policy.DecisionRecord;
import io.processguard.policy.RecoveryView;
import io.processguard.policy.RestartBudget;
import io.processguard.probe.SampleStatus;
import io.processguard.recovery.ActionOutcome;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.scale.ScaleEvent;
import io.processguard.target.Severity;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetState;
import io.processguard.watchdog.Diagnostics;
import io.processguard.watchdog.WatchdogEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class LoggingEventListenerTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private final LoggingEventListener listener = new LoggingEventListener(LoggerFactory.getLogger("smoke.events"),
      target -> "checkout".equals(target) ? Optional.of("critical") : Optional.empty());

  @Test
  void fields_conditionBreached_isAnAlertWithTargetTierConditionAndReason() {
    var breach = new TargetEvent.ConditionBreached(T0, "checkout", "backlog", Severity.CRITICAL,
        "queue.depth=5000 > 1000", Map.of("queue.depth", 5000.0), T0);

    assertThat(listener.fields(breach)).containsExactly(
        entry("event.action", "condition.breached"),
        entry("event.kind", "alert"),
        entry("processguard.target", "checkout"),
        entry("processguard.tier", "critical"),
        entry("processguard.condition", "backlog"),
        entry("event.reason", "queue.depth=5000 > 1000"));
    assertThat(LoggingEventListener.level(breach)).isEqualTo(Level.WARN);
  }

  @Test
  void fields_actionCompleted_carriesOutcomeIncidentAndActionInWords() {
    var failed = new RecoveryEvent.ActionCompleted(T0, "checkout", "i-7", ActionSpec.restart("workers"),
        ActionOutcome.TIMED_OUT, "overran 30s", Duration.ofSeconds(30));
    var succeeded = new RecoveryEvent.ActionCompleted(T0, "reports", "i-8", ActionSpec.markUnready(),
        ActionOutcome.SUCCEEDED, "", Duration.ZERO);

    assertThat(listener.fields(failed)).containsExactly(
        entry("event.action", "recovery.action.failed"),
        entry("event.kind", "event"),
        entry("event.outcome", "failure"),
        entry("processguard.target", "checkout"),
        entry("processguard.tier", "critical"),
        entry("processguard.incident.id", "i-7"),
        entry("processguard.action", "restart(workers)"));
    assertThat(LoggingEventListener.level(failed)).isEqualTo(Level.WARN);
    assertThat(listener.fields(succeeded)).containsEntry("event.outcome", "success")
        .containsEntry("processguard.action", "mark-unready").doesNotContainKey("processguard.tier");
    assertThat(LoggingEventListener.level(succeeded)).isEqualTo(Level.INFO);
  }

  @Test
  void fields_decisionMade_takesPolicyConditionAndIncidentFromItsRecord() {
    var decision = new RecoveryEvent.DecisionMade(T0, "checkout", record());

    assertThat(listener.fields(decision)).containsExactly(
        entry("event.action", "recovery.decision"),
        entry("event.kind", "event"),
        entry("processguard.target", "checkout"),
        entry("processguard.tier", "critical"),
        entry("processguard.incident.id", "i-7"),
        entry("processguard.condition", "backlog"),
        entry("processguard.policy", "checkout-recovery"),
        entry("event.reason", record().explain()));
  }

  @Test
  void fields_approvalRefused_keepsTheRefusalAsReasonAndNamesTheRequest() {
    var refused = new ApprovalEvent.Refused(T0, "db", approval(), "alice",
        "'alice' requested it and cannot approve their own request (four-eyes)");

    assertThat(listener.fields(refused)).containsExactly(
        entry("event.action", "approval.refused"),
        entry("event.kind", "event"),
        entry("event.outcome", "failure"),
        entry("processguard.target", "db"),
        entry("processguard.incident.id", "i-7"),
        entry("processguard.condition", "backlog"),
        entry("processguard.policy", "checkout-recovery"),
        entry("processguard.approval.id", "a-1"),
        entry("processguard.action", "failover(db-cluster)"),
        entry("event.reason", "'alice' requested it and cannot approve their own request (four-eyes)"));
    assertThat(LoggingEventListener.level(refused)).isEqualTo(Level.WARN);
  }

  @Test
  void fields_incidentRecovered_readsTheIncident() {
    var recovered = new RecoveryEvent.IncidentRecovered(T0, "checkout", new Incident("i-7", "checkout", "backlog",
        Incident.Status.RECOVERED, T0, T0, Optional.of(T0), Optional.of(T0.plusSeconds(20)), List.of()));

    assertThat(listener.fields(recovered)).containsExactly(
        entry("event.action", "incident.recovered"),
        entry("event.kind", "event"),
        entry("event.outcome", "success"),
        entry("processguard.target", "checkout"),
        entry("processguard.tier", "critical"),
        entry("processguard.incident.id", "i-7"),
        entry("processguard.condition", "backlog"));
  }

  @Test
  void level_byMeaning_warnsForStuckJobsMissedHeartbeatsAndRejectionsAndDebugsRepeatedProbeFailures() {
    assertThat(LoggingEventListener.level(new WatchdogEvent.JobStuck(T0, "checkout", "jobs", "j-1", 1,
        Duration.ofSeconds(5), "w-1", List.of()))).isEqualTo(Level.WARN);
    assertThat(LoggingEventListener.level(new WatchdogEvent.HeartbeatMissed(T0, "checkout", "poller",
        Duration.ofSeconds(40), Duration.ofSeconds(30), new Diagnostics(T0, List.of(), "")))).isEqualTo(Level.WARN);
    assertThat(LoggingEventListener.level(new RecoveryEvent.Escalated(T0, "checkout", "i-7", "ladder exhausted")))
        .isEqualTo(Level.WARN);
    assertThat(LoggingEventListener.level(new PolicyEvent.Rejected(T0, "policies/", "h", "r1", List.of())))
        .isEqualTo(Level.WARN);
    assertThat(LoggingEventListener.level(probeFailed(1))).isEqualTo(Level.WARN);
    assertThat(LoggingEventListener.level(probeFailed(2))).isEqualTo(Level.DEBUG);
    assertThat(LoggingEventListener.level(new TargetEvent.StateChanged(T0, "checkout", TargetState.HEALTHY,
        TargetState.FAILING, "backlog"))).isEqualTo(Level.INFO);
    assertThat(LoggingEventListener.level(new ScaleEvent.Scaled(T0, "pipeline", "scale", "workers", 4, 8)))
        .isEqualTo(Level.INFO);
  }

  @Test
  void fields_stateAndDocumentEvents_areKindStateAndOmitABlankTarget() {
    assertThat(listener.fields(new ScaleEvent.BackpressureEngaged(T0, "pipeline", "scale", "ingest", "lag 900")))
        .containsExactly(entry("event.action", "scale.backpressure.engaged"), entry("event.kind", "state"),
            entry("processguard.target", "pipeline"), entry("processguard.policy", "scale"),
            entry("event.reason", "lag 900"));
    assertThat(listener.fields(new PolicyEvent.Loaded(T0, "policies/", "r2", "abc", List.of())))
        .containsExactly(entry("event.action", "policy.loaded"), entry("event.kind", "event"),
            entry("event.outcome", "success"));
  }

  @Test
  void onEvent_throughSlf4jSimple_writesOneLineWithTheKeyValuePairsAndTheReason() {
    PrintStream before = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      listener.onEvent(new RecoveryEvent.Escalated(T0, "checkout", "i-7", "ladder exhausted"));
      listener.onEvent(new TargetEvent.StateChanged(T0, "checkout", TargetState.HEALTHY, TargetState.FAILING, "x"));
    } finally {
      System.setErr(before);
    }

    String logged = out.toString(StandardCharsets.UTF_8);
    assertThat(logged.lines()).as("INFO is below the test's WARN threshold").singleElement().satisfies(line ->
        assertThat(line).contains("WARN smoke.events", "event.action=recovery.escalated", "event.kind=alert",
            "event.outcome=failure", "processguard.target=checkout", "processguard.tier=critical",
            "processguard.incident.id=i-7", "recovery.escalated [checkout]: ladder exhausted"));
  }

  @Test
  void onEvent_probeFailed_namesTheProbeBesideTheTarget() {
    PrintStream before = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      listener.onEvent(probeFailed(1));
    } finally {
      System.setErr(before);
    }

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).singleElement().satisfies(line ->
        assertThat(line).endsWith("probe.failed [checkout, probe queue]: timed out"));
  }

  private static TargetEvent.ProbeFailed probeFailed(int consecutive) {
    return new TargetEvent.ProbeFailed(T0, "checkout", "queue", SampleStatus.FAILED, "timed out", consecutive);
  }

  private static DecisionRecord record() {
    return new DecisionRecord(T0, "checkout-recovery", "checkout", "backlog", "i-7",
        new Decision.BudgetExhausted(3, RestartBudget.DEFAULT), false, "queue.depth=5000 > 1000", Map.of(),
        new RecoveryView(0, 0, 0, -1, false), RestartBudget.DEFAULT);
  }

  private static ApprovalRequest approval() {
    return new ApprovalRequest("a-1", "db", "i-7", List.of("failover(db-cluster)"), "primary down", record(),
        "processguard", T0, T0.plusSeconds(900), ApprovalStatus.PENDING, Optional.empty(), "");
  }
}
