package io.processguard.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.condition.Condition;
import io.processguard.event.GuardEvent;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.Tier;
import io.processguard.testkit.GuardHarness;
import io.processguard.testkit.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrillRunnerTest {
  private final GuardHarness h = GuardHarness.create();
  private final Chaos chaos = Chaos.create(ChaosConfig.builder().allowDrills("checkout").build());
  private final Probe latency = () -> Sample.of("latency.p99.ms", 100);
  private final FaultyProbe faulty = chaos.probe("latency", latency);
  private final List<GuardEvent> drillEvents = new ArrayList<>();

  @AfterEach
  void noFaultOutlivesItsDrill() {
    assertThat(chaos.activeFaults()).isEmpty();
    chaos.close();
    h.close();
  }

  private DrillRunner start(Probe payments) {
    h.restartable("workers");
    h.notifier("pager");
    h.start(b -> b
        .target(TargetSpec.builder(Target.builder("checkout").tier(Tier.CRITICAL).rto(Duration.ofMinutes(2)).build())
            .probe("latency", faulty, Duration.ofSeconds(10))
            .condition("slow", Severity.CRITICAL, Condition.signal("latency.p99.ms").above(500).forSamples(3))
            .build())
        .target(TargetSpec.builder(Target.of("payments"))
            .probe("errors", payments, Duration.ofSeconds(10))
            .condition("erroring", Severity.WARNING, Condition.signal("errors").above(10).forSamples(1))
            .build())
        .policy(Policy.builder("checkout-recovery", "checkout")
            .rule("slow", Duration.ofMinutes(1), Rung.of(ActionSpec.restart("workers")),
                Rung.of(ActionSpec.restart("workers")))
            .restartBudget(RestartBudget.of(3, Duration.ofMinutes(30)))
            .backoff(Backoff.NONE)
            .escalateTo("pager")
            .build()));
    return DrillRunner.builder(h.guard(), chaos).clock(DrillClock.driven(h.time(), h::advance))
        .listener(drillEvents::add).build();
  }

  private DrillRunner start() {
    return start(() -> Sample.of("errors", 0));
  }

  private static Drill.Builder slowCheckout() {
    return Drill.builder("checkout-slow", "checkout")
        .fault(Fault.probeValue("latency", "latency.p99.ms", 900))
        .signal(DrillSignal.of("latency.p99.ms", () -> Sample.of("latency.p99.ms", 0), 500))
        .hypothesis(SteadyState.healthy("checkout"))
        .pollEvery(Duration.ofSeconds(5));
  }

  @Test
  void run_restartClearsTheFault_passesWithMeasuresFromTheIncident() {
    DrillRunner runner = start();
    h.advance(Duration.ofSeconds(30));

    DrillReport report = runner.run(slowCheckout().releaseOnRecoveryAction().build());

    assertThat(report.outcome()).isEqualTo(DrillReport.Outcome.PASSED);
    assertThat(report.reason()).isEmpty();
    assertThat(report.measures().detectedAfter()).contains(Duration.ofSeconds(30));
    assertThat(report.measures().timeToDetect()).contains(Duration.ofSeconds(20));
    assertThat(report.measures().timeToEngage()).contains(Duration.ZERO);
    assertThat(report.measures().timeToRecover()).contains(Duration.ofSeconds(10));
    assertThat(report.measures().metRto()).isTrue();
    assertThat(report.timeline()).extracting(DrillReport.Entry::kind).contains(DrillReport.Kind.FAULT_INJECTED,
        DrillReport.Kind.BREACH, DrillReport.Kind.ACTION, DrillReport.Kind.FAULT_RELEASED, DrillReport.Kind.RECOVERED);
    assertThat(report.signals()).singleElement().satisfies(s -> assertThat(s.threshold()).contains(500.0));
    DrillAssertions.assertRecoversWithinRto(report);
  }

  @Test
  void run_policyCannotRecover_failsWithTheEscalationAndReleasesTheFault() {
    DrillRunner runner = start();
    h.advance(Duration.ofSeconds(30));

    DrillReport report = runner.run(slowCheckout().build());

    assertThat(report.outcome()).isEqualTo(DrillReport.Outcome.FAILED);
    assertThat(report.reason()).startsWith("recovery escalated: ");
    assertThat(report.measures().timeToRecover()).isEmpty();
    assertThat(report.measures().metRto()).isFalse();
    assertThat(chaos.activeFaults()).isEmpty();
    assertThat(drillEvents).last().isInstanceOfSatisfying(DrillEvent.Finished.class,
        f -> assertThat(f.passed()).isFalse());
  }

  @Test
  void run_anotherTargetDegrades_abortsAndReleasesTheFault() throws Exception {
    DrillRunner runner = start(Script.startAt(0).hold(Duration.ofSeconds(45)).stepTo(50, Duration.ofHours(1))
        .probe("errors", h.time()));
    h.advance(Duration.ofSeconds(30));

    DrillReport report = runner.run(slowCheckout().abortWhen(AbortCondition.targetDegrades("payments")).build());

    assertThat(report.outcome()).isEqualTo(DrillReport.Outcome.ABORTED);
    assertThat(report.reason()).isEqualTo("target 'payments' outside the blast radius [checkout] is DEGRADED: "
        + "erroring: errors=50 > 10 for 1 sample");
    assertThat(faulty.sample().value("latency.p99.ms")).isEqualTo(100.0);
    assertThat(report.timeline()).extracting(DrillReport.Entry::kind).contains(DrillReport.Kind.FAULT_RELEASED);
    assertThat(drillEvents).last().isInstanceOf(DrillEvent.Aborted.class);
  }

  @Test
  void run_errorBudgetSpent_aborts() {
    int[] errors = {0};
    DrillRunner runner = start();
    h.advance(Duration.ofSeconds(30));
    Drill drill = slowCheckout()
        .signal(DrillSignal.of("orders.failed", () -> Sample.of("orders.failed", errors[0] += 4)))
        .abortWhen(AbortCondition.errorBudget("orders.failed", 10))
        .build();

    DrillReport report = runner.run(drill);

    assertThat(report.outcome()).isEqualTo(DrillReport.Outcome.ABORTED);
    assertThat(report.reason()).isEqualTo("error budget spent: orders.failed=12 (budget 10)");
  }

  @Test
  void run_targetNotAllowed_isRefusedBeforeAnythingHappens() {
    DrillRunner runner = start();
    Drill drill = Drill.builder("payments-down", "payments").fault(Fault.probeFailure("latency")).build();

    assertThatThrownBy(() -> runner.run(drill))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("drills are not allowed on target 'payments' (allowed: [checkout]): chaos is off unless "
            + "ChaosConfig.builder().allowDrills(\"payments\") names the target");
    assertThat(drillEvents).isEmpty();
  }

  @Test
  void run_steadyStateBrokenBefore_abortsWithoutInjecting() {
    DrillRunner runner = start();

    DrillReport report = runner.run(slowCheckout().hypothesis(SteadyState.signalBelow("latency.p99.ms", -1)).build());

    assertThat(report.outcome()).isEqualTo(DrillReport.Outcome.ABORTED);
    assertThat(report.reason()).isEqualTo("steady state did not hold before injection: "
        + "latency.p99.ms=0, expected latency.p99.ms < -1");
    assertThat(report.measures().injectedAt()).isEmpty();
  }

  @Test
  void run_faultNeverDetected_abortsAtMaxDuration() {
    DrillRunner runner = start();
    h.advance(Duration.ofSeconds(30));

    DrillReport report = runner.run(Drill.builder("quiet", "checkout").fault(Fault.latency("elsewhere",
        Duration.ofMillis(5))).maxDuration(Duration.ofMinutes(1)).pollEvery(Duration.ofSeconds(10)).build());

    assertThat(report.outcome()).isEqualTo(DrillReport.Outcome.ABORTED);
    assertThat(report.reason()).isEqualTo("max duration 60.00s reached; the fault was not detected "
        + "(no breach on 'checkout')");
  }

  @Test
  void run_byOperator_runsTheRegisteredDrillAndRecordsWho() {
    start();
    h.advance(Duration.ofSeconds(30));
    DrillRunner runner = DrillRunner.builder(h.guard(), chaos).clock(DrillClock.driven(h.time(), h::advance))
        .drill(slowCheckout().releaseOnRecoveryAction().build()).listener(drillEvents::add).build();

    DrillReport report = runner.run("checkout-slow", "alice");

    assertThat(report.requestedBy()).isEqualTo("alice");
    assertThat(drillEvents).extracting(GuardEvent::type).containsExactly("drill.started", "drill.finished");
    assertThat(drillEvents).allSatisfy(e -> assertThat(((DrillEvent) e).requestedBy()).isEqualTo("alice"));
    assertThatThrownBy(() -> runner.run("nope", "alice")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no drill named 'nope' (registered: [checkout-slow])");
  }

  @Test
  void start_onAnExecutor_refusesOnTheCallingThreadAndRunsOnTheExecutor() {
    start();
    h.advance(Duration.ofSeconds(30));
    DrillRunner runner = DrillRunner.builder(h.guard(), chaos).clock(DrillClock.driven(h.time(), h::advance))
        .drill(slowCheckout().releaseOnRecoveryAction().build(),
            Drill.builder("payments-slow", "payments").fault(Fault.probeFailure("latency")).build())
        .listener(drillEvents::add).build();
    List<Runnable> queued = new ArrayList<>();

    CompletableFuture<DrillReport> report = runner.start("checkout-slow", "alice", queued::add);

    assertThat(runner.running()).contains("checkout-slow");
    assertThat(drillEvents).isEmpty();
    assertThatThrownBy(() -> runner.start("checkout-slow", "bob", queued::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("drill 'checkout-slow' refused: drill 'checkout-slow' is running (one drill at a time)");
    queued.get(0).run();
    assertThat(report.join().outcome()).isEqualTo(DrillReport.Outcome.PASSED);
    assertThat(report.join().requestedBy()).isEqualTo("alice");
    assertThat(runner.running()).isEmpty();
    assertThat(queued).hasSize(1);
    assertThatThrownBy(() -> runner.start("nope", "alice", queued::add)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no drill named 'nope' (registered: [checkout-slow, payments-slow])");
    assertThatThrownBy(() -> runner.start("payments-slow", "alice", queued::add))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("drills are not allowed on target 'payments'");
    assertThatThrownBy(() -> runner.start("checkout-slow", "alice", r -> {
      throw new RejectedExecutionException("shut down");
    })).isInstanceOf(IllegalStateException.class)
        .hasMessage("drill 'checkout-slow' refused: the drill executor is not taking work");
    assertThat(runner.running()).isEmpty();
  }

  @Test
  void assertRecoversWithinRto_failedDrill_throwsWithReasonMeasuresAndTimeline() {
    DrillRunner runner = start();
    h.advance(Duration.ofSeconds(30));
    DrillReport report = runner.run(slowCheckout().build());

    assertThatThrownBy(() -> DrillAssertions.assertRecoversWithinRto(report))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected drill 'checkout-slow' on 'checkout' to recover within its RTO of 120.00s, "
            + "but it FAILED: recovery escalated: ")
        .hasMessageContaining("fault: probe 'latency' reports latency.p99.ms=900\n")
        .hasMessageContaining("measures: detected after 30.00s, time to detect 20.00s, to engage 0.00s, "
            + "to recover - (RTO 120.00s)\n")
        .hasMessageContaining("timeline:\n")
        .hasMessageContaining("FAULT_INJECTED   checkout     fault injected: probe 'latency' reports latency.p99.ms=900")
        .hasMessageContaining("BREACH           checkout     slow breached: latency.p99.ms=900 > 500 for 3 samples");
    assertThat(report.measures().timeToDetect()).isEqualTo(Optional.of(Duration.ofSeconds(20)));
  }
}
