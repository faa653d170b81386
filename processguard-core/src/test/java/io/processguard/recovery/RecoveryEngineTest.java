package io.processguard.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.alert.Notification;
import io.processguard.condition.Condition;
import io.processguard.event.GuardEvent;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Decision;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.target.Tier;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecoveryEngineTest {
  private static final Duration SAMPLE = Duration.ofSeconds(5);
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final List<Notification> pages = new CopyOnWriteArrayList<>();
  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final List<String> restarts = new CopyOnWriteArrayList<>();
  private ProcessGuard guard;

  @AfterEach
  void close() {
    if (guard != null) {
      guard.close();
    }
  }

  private TargetSpec target(String name) {
    values.put(name, 100.0);
    return TargetSpec.builder(Target.builder(name).tier(Tier.CRITICAL).rto(Duration.ofMinutes(5))
            .runbook("https://runbooks.example.com/" + name).build())
        .probe("latency", () -> Sample.of("latency.p99.ms", values.get(name)), SAMPLE)
        .condition("slow", Severity.CRITICAL, Condition.signal("latency.p99.ms").above(500).forSamples(2))
        .build();
  }

  /** A restartable that records each restart and fixes the target when told to. */
  private Restartable restartable(String name, boolean fixes) {
    return new Restartable() {
      @Override
      public void stop(Duration timeout) {
        restarts.add(name + "@" + Duration.ofNanos(time.read()).toSeconds());
      }

      @Override
      public void start() {
        if (fixes) {
          values.put(name, 100.0);
        }
      }
    };
  }

  private ProcessGuard.Builder manual() {
    return ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run)
        .actionExecutor(Runnable::run).directAlerts(true).probeJitter(0).schedulerThread(false)
        .listener(events::add).notifier("pager", pages::add);
  }

  private void run(Duration total) {
    long end = time.read() + total.toNanos();
    guard.tick();
    while (true) {
      long next = guard.nextWakeNanos();
      if (next > end) {
        break;
      }
      time.set(next);
      guard.tick();
    }
    time.set(end);
    guard.tick();
  }

  private <T extends GuardEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void breach_ladderClimbsOnFailedVerificationAndEndsInUnreadyAndOnePage() {
    guard = manual().target(target("checkout")).restartable("workers", restartable("checkout", false))
        .policy(Policy.builder("checkout-recovery", "checkout")
            .rule("slow", Duration.ofSeconds(30),
                Rung.of(ActionSpec.restart("workers")),
                Rung.of(ActionSpec.restart("workers")),
                Rung.of(ActionSpec.markUnready(), ActionSpec.alert("pager")))
            .backoff(Backoff.NONE).restartBudget(RestartBudget.of(5, Duration.ofHours(1)))
            .escalateTo("pager")
            .build())
        .build();
    guard.tick();
    values.put("checkout", 900.0);
    run(Duration.ofMinutes(3));

    // breach at 10 s (samples at 5 s and 10 s); restart at once; 30 s verification each
    assertThat(restarts).containsExactly("checkout@10", "checkout@40");
    var status = guard.status("checkout").orElseThrow();
    assertThat(status.ready()).isFalse();
    assertThat(status.state()).isEqualTo(TargetState.FAILING);
    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).kind()).isEqualTo(Notification.Kind.TRIGGER);
    assertThat(pages.get(0).summary()).isEqualTo("checkout: slow (latency.p99.ms=900 > 500 for 2 samples)");
    assertThat(pages.get(0).actions()).containsExactly("restart(workers)", "restart(workers)", "mark-unready", "alert(pager)");
    assertThat(pages.get(0).runbook().orElseThrow().toString()).isEqualTo("https://runbooks.example.com/checkout");
    assertThat(pages.get(1).summary()).isEqualTo("checkout: slow needs a human: ladder exhausted: all 3 rungs ran and the condition did not clear");
    assertThat(events(RecoveryEvent.Escalated.class)).hasSize(1);
    assertThat(events(RecoveryEvent.DecisionMade.class)).extracting(e -> e.record().decision().describe())
        .containsExactly("run rung 1: restart(workers)", "run rung 2: restart(workers)",
            "run rung 3: mark-unready + alert(pager)", "ladder exhausted: all 3 rungs ran and the condition did not clear");

    values.put("checkout", 100.0);
    run(SAMPLE);
    status = guard.status("checkout").orElseThrow();
    assertThat(status.ready()).isTrue();
    assertThat(status.state()).isEqualTo(TargetState.HEALTHY);
    assertThat(pages).hasSize(4);
    assertThat(pages.subList(2, 4)).extracting(Notification::kind).containsOnly(Notification.Kind.RESOLVE);
    assertThat(pages.subList(2, 4)).extracting(Notification::dedupKey)
        .containsExactly(pages.get(0).dedupKey(), pages.get(1).dedupKey());
    assertThat(pages.get(1).dedupKey()).isEqualTo(pages.get(0).dedupKey() + "/escalation");
  }

  @Test
  void breach_restartThatFixes_recoversWithExactIncidentMeasures() {
    guard = manual().target(target("checkout")).restartable("workers", restartable("checkout", true))
        .policy(Policy.builder("p", "checkout").rule("slow", Rung.of(ActionSpec.restart("workers"))).build())
        .build();
    guard.tick();
    values.put("checkout", 900.0);
    run(Duration.ofSeconds(30));
    List<Incident> incidents = guard.incidents("checkout");
    assertThat(incidents).hasSize(1);
    Incident inc = incidents.get(0);
    assertThat(inc.status()).isEqualTo(Incident.Status.RECOVERED);
    assertThat(inc.timeToDetect()).isEqualTo(Duration.ofSeconds(5));
    assertThat(inc.timeToEngage()).contains(Duration.ZERO);
    assertThat(inc.timeToRecover()).contains(Duration.ofSeconds(5));
    assertThat(inc.breachedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    assertThat(inc.id()).isEqualTo("checkout-20260101T000010Z-1");
    assertThat(inc.timeline()).extracting(Incident.Entry::what).containsExactly(
        "breached: latency.p99.ms=900 > 500 for 2 samples",
        "decision: run rung 1: restart(workers)",
        "started restart(workers)",
        "restart(workers) succeeded",
        "recovered: condition cleared");
    RecoveryEvent.IncidentRecovered recovered = events(RecoveryEvent.IncidentRecovered.class).get(0);
    assertThat(recovered.incident().timeToRecover()).contains(Duration.ofSeconds(5));
    assertThat(restarts).containsExactly("checkout@10");
  }

  @Test
  void breach_permanentlyBroken_restartsExactlyTheBudgetWithBackoffThenQuarantinesAndEscalatesOnce() {
    guard = manual().target(target("db")).restartable("db", restartable("db", false))
        .policy(Policy.builder("db-recovery", "db")
            .rule("slow", Duration.ofSeconds(10), Rung.of(ActionSpec.restart("db")), Rung.of(ActionSpec.restart("db")),
                Rung.of(ActionSpec.restart("db")), Rung.of(ActionSpec.restart("db")), Rung.of(ActionSpec.restart("db")))
            .restartBudget(RestartBudget.of(3, Duration.ofMinutes(10)))
            .backoff(Backoff.exponential(Duration.ofSeconds(20), 2.0, Duration.ofMinutes(5)))
            .escalateTo("pager")
            .build())
        .build();
    guard.tick();
    values.put("db", 900.0);
    run(Duration.ofHours(1));

    // first at breach (10 s); then verify 10 s → wait backoff 20 s since last; then 40 s
    assertThat(restarts).containsExactly("db@10", "db@30", "db@70");
    assertThat(guard.quarantined()).containsExactly("db");
    assertThat(guard.status("db").orElseThrow().state()).isEqualTo(TargetState.QUARANTINED);
    assertThat(pages).hasSize(1);
    assertThat(pages.get(0).summary()).startsWith(
        "db: slow needs a human: restart budget exhausted: 3 restarts within PT10M (max 3); restarts at [");
    assertThat(events(RecoveryEvent.Escalated.class)).hasSize(1);
    assertThat(events(RecoveryEvent.Quarantined.class)).hasSize(1);
    assertThat(events(RecoveryEvent.DecisionMade.class)).extracting(e -> e.record().decision())
        .filteredOn(Decision.WaitBackoff.class::isInstance).hasSize(2);

    assertThat(guard.resetQuarantine("db", "alice", "disk replaced")).isTrue();
    assertThat(events(RecoveryEvent.QuarantineReset.class).get(0).operator()).isEqualTo("alice");
    run(Duration.ofSeconds(1));
    assertThat(restarts).hasSize(4);
    assertThat(guard.resetQuarantine("db", "alice", "again")).isFalse();
  }

  @Test
  void breach_restartTimesOut_isAFailedRungAndTheNextRungRunsAtOnce() throws Exception {
    ExecutorService actions = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger stops = new AtomicInteger();
    try {
      guard = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run).actionExecutor(actions)
          .directAlerts(true).probeJitter(0).schedulerThread(false).listener(events::add).notifier("pager", pages::add)
          .target(target("svc"))
          .restartable("hangs", new Restartable() {
            @Override
            public void stop(Duration timeout) throws InterruptedException {
              stops.incrementAndGet();
              release.await();
            }

            @Override
            public void start() { }
          })
          .policy(Policy.builder("p", "svc").actionTimeout(Duration.ofSeconds(20))
              .rule("slow", Rung.of(ActionSpec.restart("hangs")), Rung.of(ActionSpec.alert("pager"))).build())
          .build();
      guard.tick();
      values.put("svc", 900.0);
      time.advance(SAMPLE);
      guard.tick();
      time.advance(SAMPLE);
      guard.tick();
      await().until(() -> stops.get() == 1);
      time.advance(Duration.ofSeconds(19));
      guard.tick();
      assertThat(pages).isEmpty();
      time.advance(Duration.ofSeconds(1));
      guard.tick();
      var completed = events(RecoveryEvent.ActionCompleted.class);
      assertThat(completed).hasSize(2);
      assertThat(completed.get(0).outcome()).isEqualTo(ActionOutcome.TIMED_OUT);
      assertThat(completed.get(0).detail()).isEqualTo("timed out after PT20S");
      assertThat(pages).hasSize(1);
    } finally {
      release.countDown();
      actions.shutdownNow();
    }
  }

  @Test
  void breach_dryRun_decidesTheSameLadderButPerformsNothing() {
    guard = manual().target(target("checkout")).restartable("workers", restartable("checkout", false))
        .policy(Policy.builder("p", "checkout").mode(Mode.DRY_RUN).backoff(Backoff.NONE)
            .rule("slow", Duration.ofSeconds(30), Rung.of(ActionSpec.restart("workers")),
                Rung.of(ActionSpec.markUnready(), ActionSpec.alert("pager")))
            .build())
        .build();
    guard.tick();
    values.put("checkout", 900.0);
    run(Duration.ofMinutes(2));
    assertThat(restarts).isEmpty();
    assertThat(pages).isEmpty();
    assertThat(guard.status("checkout").orElseThrow().ready()).isTrue();
    assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.FAILING);
    var decisions = events(RecoveryEvent.DecisionMade.class);
    assertThat(decisions).allMatch(d -> d.record().dryRun());
    assertThat(decisions).extracting(d -> d.type()).containsOnly("recovery.decision.dry_run");
    assertThat(decisions.get(0).record().explain()).isEqualTo(
        "[dry-run] would run rung 1: restart(workers) for checkout/slow because latency.p99.ms=900 > 500 for 2 "
            + "samples; budget 0/3 restarts within PT10M, rung 1, backoff streak 0 (policy p, incident "
            + "checkout-20260101T000010Z-1)");
    assertThat(decisions).extracting(d -> d.record().decision().describe()).containsExactly(
        "run rung 1: restart(workers)", "run rung 2: mark-unready + alert(pager)",
        "ladder exhausted: all 2 rungs ran and the condition did not clear");
    assertThat(events(RecoveryEvent.ActionStarted.class)).isEmpty();
  }

  @Test
  void breach_manyTargetsAtOnce_neverMoreConcurrentRecoveriesThanTheLimitAndAllRecover() throws Exception {
    ExecutorService actions = Executors.newFixedThreadPool(8);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    try {
      ProcessGuard.Builder b = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run)
          .actionExecutor(actions).directAlerts(true).probeJitter(0).schedulerThread(false).logEvents(false)
          .maxConcurrentRecoveries(2).listener(events::add);
      for (int i = 0; i < 20; i++) {
        String name = "t" + i;
        b.target(target(name)).restartable(name, new Restartable() {
          @Override
          public void stop(Duration timeout) {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          }

          @Override
          public void start() {
            values.put(name, 100.0);
            running.decrementAndGet();
          }
        }).policy(Policy.builder("p" + i, name).rule("slow", Rung.of(ActionSpec.restart(name))).build());
      }
      guard = b.build();
      guard.tick();
      values.replaceAll((k, v) -> 900.0);
      for (int i = 0; i < 120; i++) {
        time.advance(Duration.ofSeconds(1));
        guard.tick();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> running.get() == 0);
        guard.tick();
      }
      assertThat(guard.snapshot().inventory()).extracting(st -> st.name() + ":" + st.state() + ":" + st.reason())
          .allMatch(st -> st.contains(":HEALTHY:"));
      assertThat(peak.get()).isLessThanOrEqualTo(2);
      assertThat(events(RecoveryEvent.IncidentRecovered.class)).hasSize(20);
      assertThat(events(RecoveryEvent.DecisionMade.class)).extracting(e -> e.record().decision())
          .filteredOn(Decision.WaitForSlot.class::isInstance).isNotEmpty();
    } finally {
      actions.shutdownNow();
    }
  }

  @Test
  void register_policyNamingUnknownThings_reportsEveryProblemAndRegistersNothing() {
    guard = manual().target(target("checkout")).build();
    Policy bad = Policy.builder("bad", "checkout")
        .rule("slow", Rung.of(ActionSpec.restart("nope"), ActionSpec.alert("sms"), ActionSpec.custom("flush")))
        .rule("fast", Rung.of(ActionSpec.markUnready()))
        .escalateTo("phone")
        .build();
    assertThatThrownBy(() -> guard.register(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessage("5 problems:\n"
            + "  - policy 'bad': rules[0].ladder[0].actions[0]: names no registered restartable (registered: []), got 'nope'\n"
            + "  - policy 'bad': rules[0].ladder[0].actions[1]: names no registered notifier (registered: [log, pager]), got 'sms'\n"
            + "  - policy 'bad': rules[0].ladder[0].actions[2]: names no registered action (registered: []), got 'flush'\n"
            + "  - policy 'bad': rules[1].condition: names no condition watched on target 'checkout' (watched: [slow]), got 'fast'\n"
            + "  - policy 'bad': escalateTo[0]: names no registered notifier (registered: [log, pager]), got 'phone'");
    assertThat(guard.policies()).isEmpty();
  }

  @Test
  void policy_invalidSpec_reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> Policy.builder("bad name", " ")
        .rule("slow", Duration.ZERO)
        .rule("slow", Rung.of(ActionSpec.restart(" ")))
        .actionTimeout(Duration.ZERO)
        .build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("7 problems:\n"
            + "  - policy 'bad name': name: must be 1-128 characters of [A-Za-z0-9._:/-], got 'bad name'\n"
            + "  - policy 'bad name': target: must name a target, got ' '\n"
            + "  - policy 'bad name': actionTimeout: must be positive, got 'PT0S'\n"
            + "  - policy 'bad name': rules[0].ladder: the ladder needs at least one rung, got '[]'\n"
            + "  - policy 'bad name': rules[0].verifyWithin: must be positive, got 'PT0S'\n"
            + "  - policy 'bad name': rules[1].condition: a rule for this condition already exists, got 'slow'\n"
            + "  - policy 'bad name': rules[1].ladder[0].actions[0]: restart must name a component, got 'restart( )'");
  }

  @Test
  void breach_decisionsAreDeterministic_sameInputsSameTimeline() {
    List<List<String>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ManualTicker t = new ManualTicker();
      List<String> timeline = new ArrayList<>();
      Map<String, Double> v = new ConcurrentHashMap<>(Map.of("x", 900.0));
      try (ProcessGuard g = ProcessGuard.builder().ticker(t).clock(t).probeExecutor(Runnable::run)
          .actionExecutor(Runnable::run).directAlerts(true).schedulerThread(false).logEvents(false)
          .listener(e -> timeline.add(e.timestamp() + " " + e.type()))
          .target(TargetSpec.builder(Target.of("x")).probe("p", () -> Sample.of("v", v.get("x")), SAMPLE)
              .condition("high", Severity.CRITICAL, Condition.signal("v").above(1)).build())
          .restartable("r", new Restartable() {
            @Override
            public void stop(Duration timeout) { }

            @Override
            public void start() { }
          })
          .policy(Policy.builder("p", "x").rule("high", Duration.ofSeconds(10), Rung.of(ActionSpec.restart("r")),
              Rung.of(ActionSpec.restart("r")), Rung.of(ActionSpec.restart("r"))).build())
          .build()) {
        for (int s = 0; s < 100; s++) {
          g.tick();
          t.advance(Duration.ofSeconds(1));
        }
      }
      runs.add(timeline);
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1));
    assertThat(runs.get(0)).filteredOn(s -> s.endsWith("recovery.action.started")).hasSize(3);
  }
}
