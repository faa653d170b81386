package io.processguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.condition.Condition;
import io.processguard.event.GuardEvent;
import io.processguard.probe.Sample;
import io.processguard.probe.SampleStatus;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.target.Tier;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessGuardTest {
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicReference<Double> heap = new AtomicReference<>(0.5);
  private ProcessGuard guard;

  @AfterEach
  void close() {
    if (guard != null) {
      guard.close();
    }
  }

  private ProcessGuard.Builder manual() {
    return ProcessGuard.builder()
        .ticker(time)
        .clock(time)
        .probeExecutor(Runnable::run)
        .probeJitter(0)
        .schedulerThread(false)
        .listener(events::add);
  }

  private TargetSpec checkout() {
    return TargetSpec.builder(Target.builder("checkout").tier(Tier.CRITICAL).rto(Duration.ofMinutes(2)).build())
        .probe("heap", () -> Sample.of("heap.used.ratio", heap.get()), Duration.ofSeconds(5))
        .condition("heap-high", Severity.CRITICAL,
            Condition.signal("heap.used.ratio").above(0.9).forSamples(3).clearBelow(0.8))
        .build();
  }

  private void step(Duration d) {
    time.advance(d);
    guard.tick();
  }

  @Test
  void tick_threeBadSamples_targetFailsWithReasonAndRecoversOnClear() {
    guard = manual().target(checkout()).build();
    guard.tick();
    assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);
    heap.set(0.95);
    step(Duration.ofSeconds(5));
    step(Duration.ofSeconds(5));
    assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);
    step(Duration.ofSeconds(5));
    var failing = guard.status("checkout").orElseThrow();
    assertThat(failing.state()).isEqualTo(TargetState.FAILING);
    assertThat(failing.reason()).isEqualTo("heap-high: heap.used.ratio=0.95 > 0.9 for 3 samples");
    assertThat(failing.breached()).containsExactly("heap-high");
    assertThat(failing.values()).containsEntry("heap.used.ratio", 0.95);
    TargetEvent.ConditionBreached breach = events.stream()
        .filter(TargetEvent.ConditionBreached.class::isInstance)
        .map(TargetEvent.ConditionBreached.class::cast).findFirst().orElseThrow();
    assertThat(breach.timeToDetect()).isEqualTo(Duration.ofSeconds(10));

    heap.set(0.85);
    step(Duration.ofSeconds(5));
    assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.FAILING);
    heap.set(0.7);
    step(Duration.ofSeconds(5));
    assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);
    assertThat(events).filteredOn(TargetEvent.StateChanged.class::isInstance)
        .extracting(e -> ((TargetEvent.StateChanged) e).to())
        .containsExactly(TargetState.HEALTHY, TargetState.FAILING, TargetState.HEALTHY);
  }

  @Test
  void snapshot_isTheSameObjectUntilAStateChanges() {
    guard = manual().target(checkout()).build();
    guard.tick();
    HealthSnapshot first = guard.snapshot();
    step(Duration.ofSeconds(5));
    step(Duration.ofSeconds(5));
    assertThat(guard.snapshot()).isSameAs(first);
    heap.set(0.99);
    step(Duration.ofSeconds(5));
    step(Duration.ofSeconds(5));
    step(Duration.ofSeconds(5));
    assertThat(guard.snapshot()).isNotSameAs(first);
    assertThat(guard.snapshot().generation()).isGreaterThan(first.generation());
  }

  @Test
  void tick_probeThrows_failedSampleNamesTheExceptionAndTargetIsDegraded() {
    guard = manual().target(TargetSpec.builder(Target.of("db"))
        .probe("ping", () -> { throw new IllegalStateException("connection refused"); }, Duration.ofSeconds(1))
        .build()).build();
    guard.tick();
    var status = guard.status("db").orElseThrow();
    assertThat(status.state()).isEqualTo(TargetState.DEGRADED);
    assertThat(status.reason()).isEqualTo("probe ping failed: probe threw java.lang.IllegalStateException: connection refused");
    assertThat(events).filteredOn(TargetEvent.ProbeFailed.class::isInstance).hasSize(1);
  }

  @Test
  void tick_probeReturnsNull_isAFailedSample() {
    guard = manual().target(TargetSpec.builder(Target.of("db"))
        .probe("ping", () -> null, Duration.ofSeconds(1))
        .condition("down", Severity.CRITICAL, Condition.probeDown("ping").forSamples(2))
        .build()).build();
    guard.tick();
    step(Duration.ofSeconds(1));
    var status = guard.status("db").orElseThrow();
    assertThat(status.state()).isEqualTo(TargetState.FAILING);
    assertThat(status.reason()).isEqualTo("down: probe ping down for 2 samples");
    assertThat(((TargetEvent.ProbeFailed) events.stream().filter(TargetEvent.ProbeFailed.class::isInstance)
        .findFirst().orElseThrow()).reason()).isEqualTo("probe returned null");
  }

  @Test
  void tick_probeOverrunsItsTimeout_failsAndAHungProbeIsNotStartedAgain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger healthyRuns = new AtomicInteger();
    try {
      guard = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(pool).probeJitter(0)
          .schedulerThread(false).listener(events::add)
          .target(TargetSpec.builder(Target.of("stuck"))
              .probe("hang", () -> {
                started.incrementAndGet();
                // ignores interrupts, like a probe blocked in native I/O
                while (true) {
                  try {
                    release.await();
                    return Sample.of("x", 1);
                  } catch (InterruptedException e) {
                    // keep hanging
                  }
                }
              }, Duration.ofSeconds(2), Duration.ofSeconds(1))
              .build())
          .target(TargetSpec.builder(Target.of("fine"))
              .probe("ok", () -> { healthyRuns.incrementAndGet(); return Sample.of("x", 1); }, Duration.ofSeconds(2))
              .build())
          .build();
      guard.tick();
      await().until(() -> started.get() == 1 && healthyRuns.get() == 1);
      guard.tick();
      assertThat(guard.status("fine").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);
      step(Duration.ofSeconds(1));
      assertThat(guard.status("stuck").orElseThrow().reason()).isEqualTo("probe hang failed: timed out after PT1S");
      for (int i = 0; i < 5; i++) {
        step(Duration.ofSeconds(2));
        await().until(() -> guard.engine().locked(() -> true));
      }
      await().until(() -> healthyRuns.get() == 6);
      guard.tick();
      assertThat(started.get()).isEqualTo(1);
      assertThat(guard.status("stuck").orElseThrow().reason())
          .startsWith("probe hang failed: still running after PT").endsWith("(hung); not started again");
      assertThat(guard.status("fine").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);

      release.countDown();
      await().untilAsserted(() -> {
        step(Duration.ofSeconds(2));
        assertThat(guard.status("stuck").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);
      });
      assertThat(started.get()).as("a fresh run starts only after the hung one returned").isGreaterThanOrEqualTo(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void register_unknownProbeAndDuplicateName_reportsEveryProblemAndKeepsTheGuard() {
    guard = manual().target(checkout()).build();
    TargetSpec bad = TargetSpec.builder(Target.of("checkout")).probe("nope", Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> guard.register(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessage("2 problems:\n"
            + "  - target 'checkout': name: a target with this name is already registered, got 'checkout'\n"
            + "  - target 'checkout': probes: names no registered probe (registered: []), got 'nope'");
    assertThat(guard.inventory()).extracting(Target::name).containsExactly("checkout");
  }

  @Test
  void inventory_isOrderedByTierThenRto() {
    guard = manual()
        .target(spec(Target.builder("b").tier(Tier.HIGH).rto(Duration.ofMinutes(1)).build()))
        .target(spec(Target.builder("a").tier(Tier.CRITICAL).rto(Duration.ofMinutes(10)).build()))
        .target(spec(Target.builder("c").tier(Tier.CRITICAL).rto(Duration.ofMinutes(2)).build()))
        .target(spec(Target.builder("d").tier(Tier.LOW).rto(Duration.ofSeconds(30)).build()))
        .build();
    assertThat(guard.inventory()).extracting(Target::name).containsExactly("c", "a", "b", "d");
  }

  private static TargetSpec spec(Target t) {
    return TargetSpec.builder(t).probe("p", () -> Sample.of("x", 1), Duration.ofSeconds(1)).build();
  }

  @Test
  void start_runsProbesOnItsOwnThreadsAndCloseIsIdempotent() {
    AtomicReference<String> thread = new AtomicReference<>();
    guard = ProcessGuard.builder()
        .target(TargetSpec.builder(Target.of("live"))
            .probe("p", () -> { thread.set(Thread.currentThread().getName()); return Sample.of("x", 1); },
                Duration.ofMillis(20))
            .build())
        .build()
        .start();
    await().until(() -> guard.status("live").orElseThrow().state() == TargetState.HEALTHY);
    assertThat(thread.get()).startsWith("processguard-probe-");
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("processguard-scheduler-1") && t.isDaemon());
    guard.close();
    guard.close();
    await().until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("processguard-scheduler-1") && t.isAlive()));
  }

  @Test
  void listener_thatThrows_doesNotBreakTheEngineOrOtherListeners() {
    guard = manual().listener(e -> { throw new IllegalStateException("bad listener"); })
        .target(checkout()).build();
    heap.set(0.99);
    guard.tick();
    step(Duration.ofSeconds(5));
    step(Duration.ofSeconds(5));
    assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.FAILING);
    assertThat(events).filteredOn(TargetEvent.ConditionBreached.class::isInstance).hasSize(1);
  }

  @Test
  void sample_status_downFromProbe_isReported() {
    guard = manual().target(TargetSpec.builder(Target.of("db"))
        .probe("jdbc", () -> Sample.status(SampleStatus.DOWN, "connection invalid"), Duration.ofSeconds(1))
        .build()).build();
    guard.tick();
    assertThat(guard.status("db").orElseThrow().reason()).isEqualTo("probe jdbc down: connection invalid");
  }
}
