package io.processguard.examples.runners;

import static java.util.Objects.requireNonNull;

import io.processguard.watchdog.JobCounts;
import io.processguard.watchdog.JobTicket;
import io.processguard.watchdog.JobWatchdog;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A CI runner fleet: runner threads take builds from a queue; some builds hang (chosen by a
 * seeded random, so every run has the same workload). The same workload runs twice: without a
 * watchdog, hung runners stay hung and the builds behind them never run; with ProcessGuard's
 * {@link JobWatchdog}, a build past its deadline is declared stuck, its runner interrupted and
 * freed, and the build requeued; a build that hangs on both attempts goes to dead letter.
 *
 * <p>Every build is accounted for: completed exactly once (the build id is the idempotency key,
 * so a copy of a build that completed late is dropped), dead-lettered, or lost. Runs in about
 * two seconds. Not thread-safe: one run at a time.
 */
public final class RunnerFleetScenario {

  /** Builds submitted per run. */
  public static final int BUILDS = 2_000;
  /** Runner threads. */
  public static final int RUNNERS = 8;
  /** Share of builds that hang on their first attempt. */
  public static final double HANG_RATE = 0.05;
  /** Share of hanging builds that hang on every attempt (poison). */
  public static final double POISON_RATE = 0.2;
  /** Seed of the workload. */
  public static final long SEED = 42;
  /** Deadline of one build attempt. */
  public static final Duration BUILD_DEADLINE = Duration.ofMillis(50);
  /** Attempts before a build that keeps hanging is dead-lettered. */
  public static final int MAX_ATTEMPTS = 2;
  private static final long BUILD_WORK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final long RUN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(4);

  private final boolean[] hangsOnce = new boolean[BUILDS];
  private final boolean[] hangsAlways = new boolean[BUILDS];

  private RunnerFleetScenario() {
    Random random = new Random(SEED);
    for (int i = 0; i < BUILDS; i++) {
      hangsOnce[i] = random.nextDouble() < HANG_RATE;
      hangsAlways[i] = hangsOnce[i] && random.nextDouble() < POISON_RATE;
    }
  }

  /**
   * Runs the workload without and then with the job watchdog, prints a side-by-side table to
   * {@code out}, and returns both results.
   */
  public static Result run(PrintStream out) {
    requireNonNull(out, "out");
    RunnerFleetScenario scenario = new RunnerFleetScenario();
    Result result = new Result(scenario.runOnce(false), scenario.runOnce(true));
    result.print(out);
    return result;
  }

  /** Returns how many builds of the workload hang on the first attempt, and on every attempt. */
  static int[] hangingBuilds() {
    RunnerFleetScenario s = new RunnerFleetScenario();
    int once = 0;
    int always = 0;
    for (int i = 0; i < BUILDS; i++) {
      once += s.hangsOnce[i] ? 1 : 0;
      always += s.hangsAlways[i] ? 1 : 0;
    }
    return new int[] {once, always};
  }

  private Run runOnce(boolean watched) {
    Fleet fleet = new Fleet(watched);
    long start = System.nanoTime();
    for (int i = 0; i < BUILDS; i++) {
      fleet.queue.add(new Build(i, 1, start));
    }
    fleet.start();
    fleet.awaitSettled(start);
    long elapsed = System.nanoTime() - start;
    return fleet.stop(elapsed);
  }

  private record Build(int id, int attempt, long enqueuedAt) {
    Build retry(int next) {
      return new Build(id, next, System.nanoTime());
    }

    @Override
    public String toString() {
      return "build-" + id + "#" + attempt;
    }
  }

  /** One run's runners, queue and bookkeeping. */
  private final class Fleet {
    final LinkedBlockingQueue<Build> queue = new LinkedBlockingQueue<>();
    final AtomicIntegerArray completions = new AtomicIntegerArray(BUILDS);
    final AtomicInteger completedOnce = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger deadLettered = new AtomicInteger();
    final AtomicInteger hung = new AtomicInteger();
    final AtomicInteger idle = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();
    final List<Thread> runners = new ArrayList<>();
    final CountDownLatch stopped = new CountDownLatch(RUNNERS);
    final @Nullable JobWatchdog<Build> watchdog;
    volatile boolean stop;

    Fleet(boolean watched) {
      watchdog = watched
          ? JobWatchdog.<Build>builder("ci-runners")
              .deadline(BUILD_DEADLINE)
              .maxAttempts(MAX_ATTEMPTS)
              .captureStacks(false)
              .requeuer(stuck -> queue.add(stuck.job().retry(stuck.nextAttempt())))
              .deadLetter((stuck, reason) -> deadLettered.incrementAndGet())
              .build()
          : null;
    }

    void start() {
      if (watchdog != null) {
        watchdog.start(Duration.ofMillis(5));
      }
      for (int r = 0; r < RUNNERS; r++) {
        Thread t = new Thread(this::runnerLoop, "runner-" + r);
        t.setDaemon(true);
        runners.add(t);
        t.start();
      }
    }

    void runnerLoop() {
      try {
        while (!stop) {
          Build b = take();
          if (b != null) {
            waits.add(System.nanoTime() - b.enqueuedAt());
            runTracked(b);
          }
        }
      } finally {
        stopped.countDown();
      }
    }

    @Nullable Build take() {
      idle.incrementAndGet();
      try {
        return queue.poll(5, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return null;
      } finally {
        idle.decrementAndGet();
      }
    }

    void runTracked(Build b) {
      JobWatchdog<Build> w = watchdog;
      if (w == null) {
        execute(b);
        return;
      }
      try (JobTicket<Build> ticket = w.track(b, BUILD_DEADLINE, b.attempt())) {
        execute(ticket.job());
      }
    }

    void execute(Build b) {
      if (hangsAlways[b.id()] || (hangsOnce[b.id()] && b.attempt() == 1)) {
        hang();
        return;
      }
      LockSupport.parkNanos(BUILD_WORK_NANOS);
      Thread.interrupted();
      if (completions.incrementAndGet(b.id()) == 1) {
        completedOnce.incrementAndGet();
      } else {
        duplicates.incrementAndGet();
      }
    }

    void hang() {
      hung.incrementAndGet();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        // Freed by the watchdog (or by the end of the run): this attempt is abandoned.
      } finally {
        hung.decrementAndGet();
      }
    }

    /** Waits until every build is accounted for, or nothing can move any more. */
    void awaitSettled(long start) {
      while (System.nanoTime() - start < RUN_LIMIT_NANOS) {
        if (completedOnce.get() + deadLettered.get() == BUILDS && hung.get() == 0) {
          return;
        }
        if (watchdog == null && hung.get() == RUNNERS) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
    }

    Run stop(long elapsedNanos) {
      int stuckRunners = hung.get();
      JobCounts counts = watchdog == null ? new JobCounts(0, 0, 0, 0, 0, 0, 0) : watchdog.counts();
      stop = true;
      if (watchdog != null) {
        watchdog.close();
      }
      runners.forEach(Thread::interrupt);
      try {
        stopped.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int completed = completedOnce.get();
      int dead = deadLettered.get();
      long[] w = waits.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Run(watchdog != null, BUILDS, completed, duplicates.get(), dead,
          BUILDS - completed - dead, stuckRunners, counts.requeued(), counts.lateCompletions(),
          Duration.ofNanos(elapsedNanos), completed / (elapsedNanos / 1e9), mean(w) / 1e6, p99(w) / 1e6);
    }
  }

  private static double mean(long[] sorted) {
    return sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
  }

  private static double p99(long[] sorted) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
  }

  /**
   * One run of the workload.
   *
   * @param watchdog whether the job watchdog was on
   * @param submitted builds submitted
   * @param completedOnce builds whose result was committed, each exactly once
   * @param duplicatesDropped copies of builds already completed (late completions), dropped by id
   * @param deadLettered builds given up after hanging on every attempt
   * @param lost builds neither completed nor dead-lettered: held by a hung runner or never started
   * @param stuckRunners runners still hung at the end
   * @param requeued stuck attempts the watchdog requeued
   * @param lateCompletions attempts closed after being declared stuck
   * @param elapsed wall time of the run
   * @param throughput completed builds per second
   * @param meanWaitMillis mean time a build waited in the queue before a runner took it
   * @param p99WaitMillis 99th percentile of that wait
   */
  public record Run(
      boolean watchdog, int submitted, int completedOnce, int duplicatesDropped, int deadLettered,
      int lost, int stuckRunners, long requeued, long lateCompletions, Duration elapsed,
      double throughput, double meanWaitMillis, double p99WaitMillis) {

    /** Returns whether every submitted build is completed, dead-lettered or counted as lost. */
    public boolean accountedFor() {
      return completedOnce + deadLettered + lost == submitted;
    }
  }

  /**
   * Both runs of the scenario.
   *
   * @param without the run without a watchdog
   * @param with the run with ProcessGuard's job watchdog
   */
  public record Result(Run without, Run with) {

    /** Prints the two runs side by side. */
    public void print(PrintStream out) {
      out.println("CI runner fleet: " + BUILDS + " builds, " + RUNNERS + " runners, "
          + (int) (HANG_RATE * 100) + "% hang (seed " + SEED + ")");
      row(out, "", "without watchdog", "with ProcessGuard");
      row(out, "submitted", without.submitted(), with.submitted());
      row(out, "completed exactly once", without.completedOnce(), with.completedOnce());
      row(out, "duplicates dropped", without.duplicatesDropped(), with.duplicatesDropped());
      row(out, "dead-lettered", without.deadLettered(), with.deadLettered());
      row(out, "lost", without.lost(), with.lost());
      row(out, "runners stuck at end", without.stuckRunners(), with.stuckRunners());
      row(out, "requeued", without.requeued(), with.requeued());
      row(out, "run settled after (s)", fmt(without.elapsed().toMillis() / 1000.0), fmt(with.elapsed().toMillis() / 1000.0));
      row(out, "throughput until settled (builds/s)", fmt(without.throughput()), fmt(with.throughput()));
      row(out, "queue wait mean (ms)", fmt(without.meanWaitMillis()), fmt(with.meanWaitMillis()));
      row(out, "queue wait p99 (ms)", fmt(without.p99WaitMillis()), fmt(with.p99WaitMillis()));
    }

    private static void row(PrintStream out, String label, Object a, Object b) {
      out.println(String.format(Locale.ROOT, "%-36s %18s %18s", label, a, b));
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
  }
}
