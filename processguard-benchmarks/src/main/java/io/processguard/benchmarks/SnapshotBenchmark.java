package io.processguard.benchmarks;

import io.processguard.ProcessGuard;
import io.processguard.probe.Sample;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading health: ProcessGuard's snapshot with 10 and 10,000 targets, beside an actuator-like
 * synchronous aggregation that runs 1 or 20 trivial indicators per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SnapshotBenchmark {

  /** A guard with N targets, ticked once so that every target has a state. */
  @State(Scope.Benchmark)
  public static class Guard {
    @Param({"10", "10000"})
    int targets;

    ProcessGuard guard;

    @Setup(Level.Trial)
    public void setUp() {
      Sample up = Sample.of("up", 1);
      ProcessGuard.Builder b = ProcessGuard.builder()
          .ticker(new StepTicker())
          .probeExecutor(Runnable::run)
          .schedulerThread(false)
          .logEvents(false);
      for (int i = 0; i < targets; i++) {
        b.target(TargetSpec.builder(Target.of("t-" + i))
            .probe("p", () -> up, Duration.ofSeconds(1))
            .build());
      }
      guard = b.build();
      guard.tick();
      if (guard.snapshot().find("t-42").isEmpty() && targets > 42) {
        throw new IllegalStateException("t-42 missing from the snapshot");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      guard.close();
    }
  }

  /** The peer: an actuator-like health endpoint with N trivial indicators. */
  @State(Scope.Benchmark)
  public static class Actuator {
    @Param({"1", "20"})
    int indicators;

    ActuatorLikeHealth health;

    @Setup(Level.Trial)
    public void setUp() {
      health = new ActuatorLikeHealth();
      for (int i = 0; i < indicators; i++) {
        health.register("indicator-" + i, ActuatorLikeHealth.indicator(details -> { }));
      }
    }
  }

  /** The whole health of every target: one volatile read. */
  @Benchmark
  public HealthSnapshot snapshot(Guard g) {
    return g.guard.snapshot();
  }

  /** The health of one target: a snapshot read and a map lookup. */
  @Benchmark
  public Optional<TargetStatus> snapshotFind(Guard g) {
    return g.guard.snapshot().find("t-42");
  }

  /** The peer: run every indicator now and aggregate. */
  @Benchmark
  public ActuatorLikeHealth.CompositeHealth actuatorLikeHealth(Actuator a) {
    return a.health.health();
  }
}
