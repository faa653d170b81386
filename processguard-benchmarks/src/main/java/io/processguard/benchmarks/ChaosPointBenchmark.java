package io.processguard.benchmarks;

import io.processguard.chaos.Chaos;
import io.processguard.chaos.ChaosConfig;
import io.processguard.chaos.ChaosPoint;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a chaos point costs the application when no drill is running: {@code perturb()} on an
 * idle point, beside the floor of an empty method and of one volatile read, in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ChaosPointBenchmark {
  private Chaos chaos;
  private ChaosPoint point;
  private volatile Object flag;

  @Setup(Level.Trial)
  public void setUp() {
    chaos = Chaos.create(ChaosConfig.builder().allowDrills("checkout").build());
    point = chaos.point("checkout-worker");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    chaos.close();
  }

  /** The floor: nothing at all. */
  @Benchmark
  public void empty() {
    // intentionally empty: the harness's own cost
  }

  /** The floor of a check: one volatile read. */
  @Benchmark
  public void volatileRead(Blackhole bh) {
    bh.consume(flag == null);
  }

  /** An idle chaos point, as an application's worker loop calls it. */
  @Benchmark
  public void idlePoint() {
    point.perturb();
  }
}
