package io.processguard.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.alert.Notification;
import io.processguard.event.GuardEvent;
import io.processguard.probe.Sample;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScalingControllerTest {
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final List<Notification> pages = new CopyOnWriteArrayList<>();
  private final List<Integer> steps = new CopyOnWriteArrayList<>();
  private final AtomicInteger replicas = new AtomicInteger(2);
  private final Backpressure gate = Backpressure.create("ingest");
  private volatile double depth;
  private volatile boolean failing;
  private ProcessGuard guard;
  private ScalingController controller;

  @AfterEach
  void close() {
    if (guard != null) {
      guard.close();
    }
  }

  private static ScalingPolicy.Builder policy() {
    return ScalingPolicy.builder("agg-scaling", "agg").signal(SignalKind.QUEUE_DEPTH, 100).scalable("pool")
        .replicas(1, 10);
  }

  private void start(ScalingPolicy policy) {
    start(policy, Runnable::run);
  }

  private void start(ScalingPolicy policy, Executor executor) {
    Scalable pool = Scalables.workers(replicas::get, n -> {
      if (failing) {
        throw new IllegalStateException("no capacity left in the cluster");
      }
      steps.add(n);
      replicas.set(n);
    });
    controller = ScalingController.builder().policy(policy).scalable("pool", pool).gate(gate)
        .notifier("sre", pages::add).executor(executor).build();
    guard = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run).schedulerThread(false)
        .probeJitter(0).logEvents(false).listener(events::add)
        .target(TargetSpec.builder(Target.of("agg"))
            .probe("queue", () -> Sample.of("queue.depth", depth), Duration.ofSeconds(1)).build())
        .controller(controller)
        .build().start();
  }

  /** Runs one cycle at the current second with the given queue depth, then moves one second on. */
  private void cycle(double queueDepth) {
    depth = queueDepth;
    guard.tick();
    time.advance(Duration.ofSeconds(1));
  }

  private void cycles(int count, double queueDepth) {
    for (int i = 0; i < count; i++) {
      cycle(queueDepth);
    }
  }

  private long second() {
    return Duration.ofNanos(time.read()).toSeconds();
  }

  private <T extends GuardEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private ScaleDecisionRecord last() {
    return controller.lastDecision("agg-scaling").orElseThrow();
  }

  @Test
  void onTick_queueAboveTarget_scalesByHpaFormulaAndReportsResultNextCycle() {
    start(policy().cooldown(Duration.ZERO).scaleUpLimit(StepLimit.UNLIMITED).replicas(1, 20).build());

    cycle(450);   // ratio 4.5: ceil(2 * 4.5) = 9

    assertThat(steps).containsExactly(9);
    ScaleDecisionRecord r = events(ScaleEvent.DecisionMade.class).get(0).record();
    assertThat(r.decision()).isEqualTo(new ScaleDecision.Scale(2, 9));
    assertThat(List.of(r.current(), r.raw(), r.stabilised(), r.desired(), r.min(), r.max(), r.stepsInWindow()))
        .containsExactly(2, 9, 9, 9, 1, 20, 0);
    assertThat(r.value()).isEqualTo(450.0);
    assertThat(r.ratio()).isEqualTo(4.5);
    assertThat(r.explain()).startsWith("scale out from 2 to 9 for agg because queue.depth=450.00 vs target 100.00 "
        + "(ratio 4.500); replicas 2, raw 9, stabilised 9, desired 9, bounds 1..20; budget 0/20 steps within PT10M");
    assertThat(events(ScaleEvent.Scaled.class)).isEmpty();

    cycle(100);

    assertThat(events(ScaleEvent.Scaled.class)).singleElement()
        .satisfies(s -> assertThat(List.of(s.from(), s.to())).containsExactly(2, 9))
        .satisfies(s -> assertThat(s.type()).isEqualTo("scale.scaled"));
  }

  @Test
  void onTick_defaultUpLimit_addsTheLargerOfFourReplicasAndDoubleEachStep() {
    replicas.set(1);
    start(policy().cooldown(Duration.ZERO).replicas(1, 30).build());

    cycles(4, 5000);

    assertThat(steps).containsExactly(5, 10, 20, 30);
  }

  @Test
  void onTick_withinToleranceBand_neverScales() {
    replicas.set(4);
    start(policy().cooldown(Duration.ZERO).scaleDownStabilization(Duration.ZERO).build());

    for (int i = 0; i < 100; i++) {
      cycle(i % 2 == 0 ? 110 : 90);
    }

    assertThat(steps).isEmpty();
    assertThat(events(ScaleEvent.DecisionMade.class)).singleElement()
        .satisfies(d -> assertThat(d.record().decision()).isEqualTo(new ScaleDecision.Steady(4)));
  }

  @Test
  void onTick_scaleDown_waitsOutTheDownWindowExactly() {
    replicas.set(4);
    start(policy().cooldown(Duration.ZERO).scaleDownLimit(StepLimit.UNLIMITED).build());
    cycles(61, 100);      // t = 0..60: raw 4, the last at t = 60

    cycles(299, 50);      // t = 61..359: raw 2, but a 4 from t = 60 is within the 5 min window

    assertThat(steps).isEmpty();
    assertThat(last().raw()).isEqualTo(2);
    assertThat(last().stabilised()).isEqualTo(4);
    assertThat(second()).isEqualTo(360);

    cycle(50);            // t = 360: 360 - 60 = 300, the 4 no longer counts

    assertThat(steps).containsExactly(2);
  }

  @Test
  void onTick_scaleUpWindow_usesLowestRecommendationWithinIt() {
    start(policy().cooldown(Duration.ZERO).scaleUpStabilization(Duration.ofSeconds(30)).build());
    cycles(10, 100);      // t = 0..9: raw 2

    cycles(29, 300);      // t = 10..38: raw 6, but the 2 from t = 9 is within 30 s

    assertThat(steps).isEmpty();
    cycle(300);           // t = 39

    assertThat(steps).containsExactly(6);
  }

  @Test
  void onTick_cooldown_holdsStepsApart() {
    start(policy().cooldown(Duration.ofSeconds(10)).scaleUpLimit(StepLimit.replicas(1)).build());

    cycles(5, 1000);      // step at t = 0, cooldown from t = 1 to 4

    assertThat(steps).containsExactly(3);
    assertThat(last().decision())
        .isEqualTo(new ScaleDecision.WaitCooldown(Duration.ofSeconds(6), Duration.ofSeconds(10)));
    cycles(6, 1000);      // t = 5..10: next step at t = 10

    assertThat(steps).containsExactly(3, 4);
    cycles(10, 1000);     // t = 11..20

    assertThat(steps).containsExactly(3, 4, 5);
  }

  @Test
  void onTick_budgetSpent_holdsAndSaysSoOnceUntilAStepLeavesTheWindow() {
    start(policy().cooldown(Duration.ZERO).scaleUpLimit(StepLimit.replicas(1))
        .budget(ScaleBudget.of(3, Duration.ofSeconds(60))).build());

    cycles(60, 1000);     // steps at t = 0, 1, 2; spent from t = 3 to 59

    assertThat(steps).containsExactly(3, 4, 5);
    List<ScaleEvent.DecisionMade> exhausted = events(ScaleEvent.DecisionMade.class).stream()
        .filter(d -> d.type().equals("scale.budget.exhausted")).toList();
    assertThat(exhausted).singleElement().satisfies(d -> assertThat(d.record().decision().describe())
        .isEqualTo("scale budget exhausted: 3 steps within PT1M (max 3)"));

    cycle(1000);          // t = 60: the step at t = 0 no longer counts

    assertThat(steps).containsExactly(3, 4, 5, 6);
  }

  @Test
  void onTick_squareWaveLoad_scalesOutOnceToMaxAndNeverFlaps() {
    replicas.set(1);
    start(policy().replicas(1, 20).build());       // defaults: cooldown 15 s, 5 min down window

    for (int t = 0; t < 1800; t++) {
      cycle((t / 30) % 2 == 0 ? 500 : 20);        // 30 minutes of a 60 s square wave
    }

    assertThat(steps).containsExactly(5, 10, 20);
    int afterWave = steps.size();
    cycles(600, 20);                                // load gone for good: scale in, one replica per 15 s

    List<Integer> scaleIn = steps.subList(afterWave, steps.size());
    assertThat(scaleIn).startsWith(19, 18, 17).endsWith(5, 4).hasSize(16);
    assertThat(replicas.get()).isEqualTo(4);
  }

  @Test
  void onTick_stepRunning_holdsAndNeverBlocksTheEngine() {
    List<Runnable> held = new ArrayList<>();
    start(policy().cooldown(Duration.ZERO).build(), held::add);

    cycle(500);
    cycle(500);

    assertThat(last().decision()).isEqualTo(new ScaleDecision.InProgress(6));
    assertThat(steps).isEmpty();
    held.remove(0).run();
    cycle(500);

    assertThat(events(ScaleEvent.Scaled.class)).singleElement().satisfies(s -> assertThat(s.to()).isEqualTo(6));
    assertThat(held).hasSize(1);   // and the next step is already on its way
  }

  @Test
  void onTick_scalableThrows_reportsFailureAndCountsTheStep() {
    failing = true;
    start(policy().cooldown(Duration.ZERO).build());

    cycle(500);
    cycle(500);

    assertThat(events(ScaleEvent.ScaleFailed.class)).singleElement().satisfies(f -> {
      assertThat(f.type()).isEqualTo("scale.failed");
      assertThat(f.error()).isEqualTo("java.lang.IllegalStateException: no capacity left in the cluster");
      assertThat(List.of(f.from(), f.to())).containsExactly(2, 6);
    });
    assertThat(last().stepsInWindow()).isEqualTo(1);   // the failed step counts; the second is this one
  }

  @Test
  void onTick_noSignal_holdsAndSaysWhy() {
    start(ScalingPolicy.builder("agg-scaling", "agg").signal(SignalKind.PROCESSING_LAG, 5).scalable("pool")
        .replicas(1, 10).build());

    cycles(3, 500);

    assertThat(steps).isEmpty();
    assertThat(events(ScaleEvent.DecisionMade.class)).singleElement()
        .satisfies(d -> assertThat(d.record().decision().describe())
            .isEqualTo("hold: no value for signal 'lag.seconds' of target 'agg'"));
  }

  @Test
  void backpressure_atMaximumAndBreachedForTheDelay_engagesAlertsAndReleasesOnClear() {
    start(policy().replicas(1, 4).cooldown(Duration.ZERO).backpressure("ingest", Duration.ofSeconds(3))
        .alertTo("sre").build());

    cycle(1000);          // t = 0: 2 -> 4 (max)
    cycles(3, 1000);      // t = 1..3: at max and breached since t = 1

    assertThat(gate.isOpen()).isTrue();
    cycle(1000);          // t = 4: three seconds at max

    assertThat(gate.isOpen()).isFalse();
    assertThat(events(ScaleEvent.BackpressureEngaged.class)).singleElement().satisfies(e -> assertThat(e.reason())
        .isEqualTo("queue.depth=1000.00 above target 100.00 (tolerance 0.10) for 3000 ms at maximum 4 replicas"));
    assertThat(pages).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Notification.Kind.TRIGGER);
      assertThat(p.dedupKey()).isEqualTo("agg/backpressure/ingest");
    });
    cycles(5, 300);       // t = 5..9: still breached, still held

    assertThat(gate.isOpen()).isFalse();
    cycle(105);           // t = 10: within the band

    assertThat(gate.isOpen()).isTrue();
    assertThat(events(ScaleEvent.BackpressureReleased.class)).singleElement()
        .satisfies(e -> assertThat(e.engagedFor()).isEqualTo(Duration.ofSeconds(6)));
    assertThat(pages).extracting(Notification::kind)
        .containsExactly(Notification.Kind.TRIGGER, Notification.Kind.RESOLVE);
    assertThat(gate.engagements()).isEqualTo(1);
  }

  @Test
  void backpressure_belowMaximum_neverEngagesHoweverLongTheBreach() {
    start(policy().replicas(1, 10).cooldown(Duration.ofMinutes(30)).scaleUpLimit(StepLimit.replicas(1))
        .backpressure("ingest", Duration.ZERO).build());

    cycles(600, 10_000);

    assertThat(replicas.get()).isEqualTo(3);
    assertThat(gate.engagements()).isZero();
    assertThat(events(ScaleEvent.BackpressureEngaged.class)).isEmpty();
  }

  @Test
  void shed_recordsGivenUp_areCountedByReasonAndReportedOnce() {
    start(policy().backpressure("ingest", Duration.ofSeconds(1)).build());
    gate.shed(3, "queue-full");
    gate.shed(2, "expired");

    cycle(100);
    cycle(100);
    gate.shed(1, "queue-full");
    cycle(100);

    assertThat(events(ScaleEvent.RecordsShed.class))
        .extracting(ScaleEvent.RecordsShed::count, ScaleEvent.RecordsShed::total, ScaleEvent.RecordsShed::byReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(5L, 5L, Map.of("expired", 2L, "queue-full", 3L)),
            org.assertj.core.groups.Tuple.tuple(1L, 6L, Map.of("expired", 2L, "queue-full", 4L)));
    assertThat(gate.shedTotal()).isEqualTo(6);
  }

  @Test
  void build_unknownNames_listsEveryProblem() {
    ScalingPolicy p = policy().scalable("missing").backpressure("nogate", Duration.ZERO).alertTo("nobody").build();

    assertThatThrownBy(() -> ScalingController.builder().policy(p).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(Problem::field, Problem::value)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("scalable", "missing"),
                org.assertj.core.groups.Tuple.tuple("backpressureGate", "nogate"),
                org.assertj.core.groups.Tuple.tuple("alertTo", "nobody")));
  }

  @Test
  void dryRun_decidesTheSameStepsAsIfTheySucceeded_butNeverScalesNorHoldsTheProducer() {
    start(policy().mode(io.processguard.policy.Mode.DRY_RUN).replicas(1, 4)
        .backpressure("ingest", Duration.ofSeconds(2)).build());
    cycles(30, 1000);

    assertThat(steps).isEmpty();
    assertThat(replicas.get()).isEqualTo(2);
    assertThat(gate.isOpen()).isTrue();
    List<ScaleDecisionRecord> decisions = events.stream().filter(ScaleEvent.DecisionMade.class::isInstance)
        .map(e -> ((ScaleEvent.DecisionMade) e).record()).toList();
    assertThat(decisions).allMatch(ScaleDecisionRecord::dryRun);
    assertThat(decisions).extracting(r -> r.decision().describe()).first().asString()
        .startsWith("scale out from 2 to 4");
    assertThat(decisions.get(0).explain()).startsWith("[dry-run] would scale out from 2 to 4");
    assertThat(decisions.get(decisions.size() - 1).current()).isEqualTo(4);
    assertThat(events).noneMatch(e -> e instanceof ScaleEvent.Scaled || e instanceof ScaleEvent.BackpressureEngaged);
  }

  @Test
  void off_isNotEvaluated() {
    start(policy().mode(io.processguard.policy.Mode.OFF).build());
    cycles(10, 1000);
    assertThat(steps).isEmpty();
    assertThat(events).noneMatch(ScaleEvent.class::isInstance);
    assertThat(controller.lastDecision("agg-scaling")).isEmpty();
  }
}
