package io.processguard.benchmarks;

import io.processguard.watchdog.JobTicket;
import io.processguard.watchdog.JobWatchdog;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost per job of keeping a deadline: a job watchdog's track + close against the JDK
 * scheduler's schedule + cancel (remove-on-cancel), with 10k or 1M jobs in flight. Each
 * operation starts one job and completes the oldest, so the number in flight stays constant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JobDeadlineBenchmark {
  static final Object JOB = new Object();
  static final Duration HOUR = Duration.ofHours(1);
  static final Runnable NOOP = () -> { };

  /** The job watchdog with its ring of open tickets. */
  @State(Scope.Thread)
  public static class Watchdog {
    @Param({"10000", "1000000"})
    int inFlight;
    JobWatchdog<Object> watchdog;
    JobTicket<?>[] ring;
    int next;

    @Setup
    public void fill() {
      watchdog = JobWatchdog.builder("bench").interruptWorkers(false).captureStacks(false).build();
      ring = new JobTicket<?>[inFlight];
      for (int i = 0; i < inFlight; i++) {
        ring[i] = watchdog.track(JOB, HOUR);
      }
    }

    @TearDown
    public void close() {
      watchdog.close();
    }
  }

  /** The JDK scheduler with its ring of scheduled deadlines. */
  @State(Scope.Thread)
  public static class Jdk {
    @Param({"10000", "1000000"})
    int inFlight;
    ScheduledThreadPoolExecutor scheduler;
    ScheduledFuture<?>[] ring;
    int next;

    @Setup
    public void fill() {
      scheduler = new ScheduledThreadPoolExecutor(1);
      scheduler.setRemoveOnCancelPolicy(true);
      ring = new ScheduledFuture<?>[inFlight];
      for (int i = 0; i < inFlight; i++) {
        ring[i] = scheduler.schedule(NOOP, 1, TimeUnit.HOURS);
      }
    }

    @TearDown
    public void close() {
      scheduler.shutdownNow();
    }
  }

  @Benchmark
  public Object watchdogTrackAndComplete(Watchdog s) {
    int i = s.next;
    s.ring[i].close();
    JobTicket<?> t = s.watchdog.track(JOB, HOUR);
    s.ring[i] = t;
    s.next = i + 1 == s.inFlight ? 0 : i + 1;
    return t;
  }

  @Benchmark
  public Object jdkScheduleAndCancel(Jdk s) {
    int i = s.next;
    s.ring[i].cancel(false);
    ScheduledFuture<?> f = s.scheduler.schedule(NOOP, 1, TimeUnit.HOURS);
    s.ring[i] = f;
    s.next = i + 1 == s.inFlight ? 0 : i + 1;
    return f;
  }
}
