package io.processguard.benchmarks;

import io.processguard.ProcessGuard;
import io.processguard.condition.Condition;
import io.processguard.probe.Sample;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine's cost per applied sample, without the probe's own work: one target whose probe
 * returns a pre-built sample, two conditions on it that stay clear; each operation moves time by
 * the probe interval and runs one cycle, so one operation is one sample scheduled, run (on the
 * calling thread), drained and applied. Run with {@code -prof gc} for the allocation per sample.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class EngineSampleBenchmark {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final StepTicker ticker = new StepTicker();
  private final AtomicLong runs = new AtomicLong();
  private ProcessGuard guard;

  @Setup(Level.Trial)
  public void setUp() {
    Sample constant = Sample.builder().signal("heap.used.ratio", 0.5).signal("queue.depth", 3).build();
    guard = ProcessGuard.builder()
        .ticker(ticker)
        .probeExecutor(Runnable::run)
        .probeJitter(0)
        .schedulerThread(false)
        .logEvents(false)
        .target(TargetSpec.builder(Target.of("worker"))
            .probe("constant", () -> {
              runs.lazySet(runs.get() + 1);
              return constant;
            }, INTERVAL)
            .condition("heap-high", Severity.CRITICAL,
                Condition.signal("heap.used.ratio").above(0.9).forSamples(3).clearBelow(0.8))
            .condition("queue-deep", Severity.WARNING,
                Condition.signal("queue.depth").above(1000).forSamples(2))
            .build())
        .build();
    guard.tick();
    for (int i = 0; i < 10; i++) {
      sample();
    }
    if (runs.get() != 11) {
      throw new IllegalStateException("expected one probe run per cycle, got " + runs.get() + " in 11");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    guard.close();
  }

  /** One cycle with exactly one sample applied. */
  @Benchmark
  public void sample() {
    ticker.advance(INTERVAL);
    guard.tick();
  }
}
