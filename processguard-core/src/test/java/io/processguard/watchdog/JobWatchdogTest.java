package io.processguard.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import io.processguard.event.GuardEvent;
import io.processguard.probe.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobWatchdogTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final List<StuckJob<String>> requeued = new CopyOnWriteArrayList<>();
  private final List<String> deadLettered = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private JobWatchdog<String> watchdog;

  @AfterEach
  void tearDown() throws InterruptedException {
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }
    if (watchdog != null) {
      watchdog.close();
    }
  }

  private JobWatchdog.Builder<String> builder() {
    return JobWatchdog.<String>builder("builds").target("ci").ticker(time).clock(time)
        .captureStacks(false)
        .requeuer(requeued::add)
        .deadLetter((stuck, reason) -> deadLettered.add(stuck.job() + "@" + stuck.attempt() + ": " + reason))
        .listener(events::add);
  }

  private int advanceTo(long nanos) {
    time.set(nanos);
    return watchdog.advance(time.read());
  }

  private long deadline() {
    return DEADLINE.toNanos();
  }

  @Test
  void advance_exactlyAtDeadline_jobIsStillOnTime() {
    watchdog = builder().build();
    JobTicket<String> t = watchdog.track("b1", DEADLINE);
    assertThat(advanceTo(deadline() - 1)).isZero();
    assertThat(advanceTo(deadline())).isZero();
    assertThat(t.isStuck()).isFalse();
    assertThat(advanceTo(deadline() + 1)).isEqualTo(1);
    assertThat(t.isStuck()).isTrue();
    assertThat(requeued).singleElement().satisfies(s -> {
      assertThat(s.job()).isEqualTo("b1");
      assertThat(s.overdue()).isEqualTo(Duration.ofNanos(1));
      assertThat(s.nextAttempt()).isEqualTo(2);
    });
  }

  @Test
  void advance_oneBigJump_findsJobsOnEveryLevelExactlyOnce() {
    watchdog = builder().build();
    List<Duration> deadlines = List.of(Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofMillis(1500),
        Duration.ofMinutes(2), Duration.ofHours(2), Duration.ofDays(4), Duration.ofDays(20));
    for (Duration d : deadlines) {
      watchdog.track(d.toString(), d);
    }
    assertThat(advanceTo(Duration.ofDays(20).toNanos())).isEqualTo(6);
    assertThat(advanceTo(Duration.ofDays(20).toNanos() + 1)).isEqualTo(1);
    assertThat(requeued).extracting(StuckJob::job).containsExactlyInAnyOrder(
        deadlines.stream().map(Duration::toString).toArray(String[]::new));
    assertThat(watchdog.counts().inFlight()).isZero();
  }

  @Test
  void advance_farDeadlineInOverflow_cascadesDownAndFiresOnTheNanosecond() {
    watchdog = builder().build();
    Duration far = Duration.ofDays(10).plusNanos(12_345);
    watchdog.track("far", far);
    long step = Duration.ofMinutes(7).plusMillis(3).toNanos();
    for (long now = step; now < far.toNanos(); now += step) {
      assertThat(advanceTo(now)).as("at %d", now).isZero();
    }
    assertThat(advanceTo(far.toNanos())).isZero();
    assertThat(advanceTo(far.toNanos() + 1)).isEqualTo(1);
  }

  @Test
  void advance_tickBoundaries_neverEarlyNeverLate() {
    watchdog = builder().build();
    long tick = 1L << 24;
    for (long d : new long[] {tick - 1, tick, tick + 1, 64 * tick - 1, 64 * tick, 64 * tick + 1, 1L << 36, (1L << 36) + 1}) {
      long base = time.read();
      JobWatchdog<String> w = builder().build();
      w.track("d" + d, Duration.ofNanos(d));
      assertThat(w.advance(base + d - 1)).as("deadline %d one before", d).isZero();
      assertThat(w.advance(base + d)).as("deadline %d at itself", d).isZero();
      assertThat(w.advance(base + d + 1)).as("deadline %d one past", d).isEqualTo(1);
      time.set(base + d + tick * 1000 + 12345);
    }
  }

  @Test
  void close_beforeDeadline_countsCompletedAndNeverFires() {
    watchdog = builder().build();
    JobTicket<String> t = watchdog.track("b1", DEADLINE);
    t.close();
    t.close();
    assertThat(advanceTo(deadline() * 2)).isZero();
    assertThat(watchdog.counts()).isEqualTo(new JobCounts(1, 1, 0, 0, 0, 0, 0));
    assertThat(t.isClosed()).isTrue();
  }

  @Test
  void close_afterStuck_isLateCompletionAndTheRequeuedCopyStillRuns() {
    watchdog = builder().build();
    JobTicket<String> first = watchdog.track("b1", DEADLINE);
    advanceTo(deadline() + 1);
    first.close();
    JobTicket<String> copy = watchdog.track("b1", DEADLINE, requeued.get(0).nextAttempt());
    advanceTo(deadline() + 2);
    copy.close();

    assertThat(copy.attempt()).isEqualTo(2);
    assertThat(copy.isStuck()).isFalse();
    assertThat(events).extracting(GuardEvent::type).containsExactly(
        "watchdog.job.stuck", "watchdog.job.requeued", "watchdog.job.late_completion");
    assertThat(events.get(2)).isEqualTo(new WatchdogEvent.LateCompletion(time.instant(), "ci", "builds", "b1", 1));
    JobCounts c = watchdog.counts();
    assertThat(c).isEqualTo(new JobCounts(2, 1, 0, 1, 1, 0, 1));
    assertThat(c.balanced()).isTrue();
  }

  @Test
  void advance_stuckOnEveryAttempt_deadLettersAfterExactlyMaxAttempts() {
    watchdog = builder().maxAttempts(3).build();
    long now = 0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      watchdog.track("poison", DEADLINE, attempt);
      now += deadline() + 1;
      advanceTo(now);
    }
    assertThat(requeued).extracting(StuckJob::attempt).containsExactly(1, 2);
    assertThat(deadLettered).containsExactly("poison@3: stuck on attempt 3 of 3");
    assertThat(watchdog.counts()).isEqualTo(new JobCounts(3, 0, 0, 3, 2, 1, 0));
    WatchdogEvent.JobDeadLettered dl = (WatchdogEvent.JobDeadLettered) events.get(events.size() - 1);
    assertThat(dl.attempts()).isEqualTo(3);
  }

  @Test
  void advance_runnerDiesHoldingAJob_jobIsRequeuedAtItsDeadline() throws InterruptedException {
    watchdog = builder().build();
    Thread runner = new Thread(() -> watchdog.track("orphan", DEADLINE), "runner-7");
    runner.start();
    runner.join();
    assertThat(advanceTo(deadline())).isZero();
    assertThat(advanceTo(deadline() + 1)).isEqualTo(1);
    assertThat(requeued).singleElement().satisfies(s -> assertThat(s.worker()).isEqualTo("runner-7"));
    assertThat(watchdog.counts()).isEqualTo(new JobCounts(1, 0, 0, 1, 1, 0, 0));
  }

  @Test
  void advance_hungWorker_isInterruptedAndItsCloseClearsThePendingInterrupt() throws InterruptedException {
    watchdog = builder().captureStacks(true).build();
    AtomicBoolean interruptedInJob = new AtomicBoolean();
    AtomicBoolean flagAfterClose = new AtomicBoolean(true);
    CountDownLatch tracked = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      try (JobTicket<String> t = watchdog.track("hang", DEADLINE)) {
        interruptedInJob.set(spinInBuild(t, tracked));
      }
      flagAfterClose.set(Thread.currentThread().isInterrupted());
    }, "runner-1");
    threads.add(worker);
    worker.start();
    tracked.await();

    advanceTo(deadline() + 1);
    worker.join();
    advanceTo(deadline() + 2);

    assertThat(interruptedInJob).isTrue();
    assertThat(flagAfterClose).isFalse();
    assertThat(requeued.get(0).workerStack()).extracting(StackTraceElement::getMethodName).contains("spinInBuild");
    WatchdogEvent.JobStuck stuck = (WatchdogEvent.JobStuck) events.get(0);
    assertThat(stuck.worker()).isEqualTo("runner-1");
    assertThat(watchdog.counts()).isEqualTo(new JobCounts(1, 0, 0, 1, 1, 0, 1));
  }

  /** A build that ignores interruption until it sees it: leaves the flag set when it returns. */
  private static boolean spinInBuild(JobTicket<String> ticket, CountDownLatch started) {
    // Counted down here, inside the build, so that a captured stack always shows spinInBuild.
    started.countDown();
    while (!Thread.currentThread().isInterrupted()) {
      Thread.onSpinWait();
    }
    return ticket.isStuck();
  }

  @Test
  void advance_boundFuture_isCancelled() {
    watchdog = builder().build();
    FutureTask<Void> future = new FutureTask<>(() -> null);
    watchdog.track("f", DEADLINE).bind(future);
    advanceTo(deadline() + 1);
    assertThat(future.isCancelled()).isTrue();
    assertThat(requeued.get(0).worker()).isEqualTo("future");
  }

  @Test
  void advance_reclaimerRunsBeforeRequeue() {
    List<String> order = new CopyOnWriteArrayList<>();
    watchdog = builder().reclaimer(s -> order.add("reclaim " + s.job()))
        .requeuer(s -> order.add("requeue " + s.job())).build();
    watchdog.track("b1", DEADLINE);
    advanceTo(deadline() + 1);
    assertThat(order).containsExactly("reclaim b1", "requeue b1");
  }

  @Test
  void advance_requeuerThrows_jobGoesToDeadLetterNotLost() {
    watchdog = builder().requeuer(s -> {
      throw new IllegalStateException("queue full");
    }).build();
    watchdog.track("b1", DEADLINE);
    advanceTo(deadline() + 1);
    assertThat(deadLettered).containsExactly("b1@1: requeue failed: java.lang.IllegalStateException: queue full");
    assertThat(watchdog.counts()).isEqualTo(new JobCounts(1, 0, 0, 1, 0, 1, 0));
  }

  @Test
  void advance_noRequeuer_deadLetters() {
    List<String> dead = new ArrayList<>();
    watchdog = JobWatchdog.<String>builder("plain").ticker(time).clock(time)
        .deadLetter((s, reason) -> dead.add(reason)).build();
    watchdog.track("b1", DEADLINE);
    advanceTo(deadline() + 1);
    assertThat(dead).containsExactly("no requeuer configured");
  }

  @Test
  void advance_throwingListener_neverBreaksTheWatchdog() {
    watchdog = builder().build();
    watchdog.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    watchdog.track("b1", DEADLINE);
    watchdog.track("b2", DEADLINE);
    advanceTo(deadline() + 1);
    assertThat(requeued).hasSize(2);
    assertThat(events).hasSize(4);
  }

  @Test
  void probe_sample_advancesAndReportsCounts() throws Exception {
    watchdog = builder().build();
    watchdog.track("stuck", DEADLINE);
    time.advance(Duration.ofSeconds(10));
    watchdog.track("young", DEADLINE);
    watchdog.track("done", DEADLINE).close();
    time.advance(Duration.ofSeconds(25));

    Sample s = watchdog.probe().sample();

    assertThat(s.signals()).containsEntry("jobs.in_flight", 1.0)
        .containsEntry("jobs.stuck.total", 1.0)
        .containsEntry("jobs.requeued.total", 1.0)
        .containsEntry("jobs.dead_lettered.total", 0.0)
        .containsEntry("jobs.late_completions.total", 0.0);
    assertThat(s.value("jobs.oldest.age.seconds")).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.002));
  }

  @Test
  void oldestAge_noJobs_isZero() {
    watchdog = builder().build();
    assertThat(watchdog.oldestAge()).isEqualTo(Duration.ZERO);
  }

  @Test
  void track_badArguments_areRejected() {
    watchdog = builder().build();
    assertThatThrownBy(() -> watchdog.track("x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadline must be positive and at most PT576H, got PT0S");
    assertThatThrownBy(() -> watchdog.track("x", DEADLINE, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt must be 1.." + JobTicket.MAX_ATTEMPT + ", got 0");
    assertThatThrownBy(() -> JobWatchdog.builder("x").stripes(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stripes must be a power of two 1..64, got 3");
    watchdog.close();
    assertThatThrownBy(() -> watchdog.track("x")).isInstanceOf(IllegalStateException.class)
        .hasMessage("job watchdog 'builds' is closed");
  }

  @Test
  void start_driverThread_declaresStuckOnItsOwnAndStopsOnClose() {
    AtomicReference<String> driverName = new AtomicReference<>();
    watchdog = JobWatchdog.<String>builder("driven")
        .requeuer(s -> driverName.set(Thread.currentThread().getName()))
        .build()
        .start(Duration.ofMillis(5));
    watchdog.track("b1", Duration.ofMillis(20));
    await().atMost(Duration.ofSeconds(5)).until(() -> driverName.get() != null);
    assertThat(driverName.get()).startsWith("processguard-watchdog-");
    Thread driver = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(driverName.get())).findFirst().orElseThrow();
    assertThat(driver.isDaemon()).isTrue();
    watchdog.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !driver.isAlive());
  }
}
