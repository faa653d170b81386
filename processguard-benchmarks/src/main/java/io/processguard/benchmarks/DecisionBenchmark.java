package io.processguard.benchmarks;

import io.processguard.ProcessGuard;
import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.recovery.Restartable;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
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
 * Decision latency with many guarded targets: every target has a probe, a condition and a restart
 * policy. {@code steady} is one engine cycle in which one target is sampled and stays healthy;
 * {@code breachToAction} is one cycle in which that target's sample breaches, the policy decides,
 * the decision is published and the restart starts and completes (direct executor, a no-op
 * restartable), followed by the cycle in which it recovers. The difference is what a breach costs
 * the engine from sample to action started; the 999 other targets show it does not grow with the
 * inventory. Run with {@code -prof gc} for the allocation of each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class DecisionBenchmark {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  @Param({"1000"})
  public int targets;

  private final StepTicker ticker = new StepTicker();
  private final Sample good = Sample.of("latency.p99.ms", 10);
  private final Sample bad = Sample.of("latency.p99.ms", 900);
  private volatile Sample hot = good;
  private ProcessGuard guard;

  @Setup(Level.Trial)
  public void setUp() {
    Restartable noop = new Restartable() {
      @Override
      public void stop(Duration timeout) { }

      @Override
      public void start() { }
    };
    ProcessGuard.Builder b = ProcessGuard.builder().ticker(ticker).probeExecutor(Runnable::run)
        .actionExecutor(Runnable::run).directAlerts(true).probeJitter(0).schedulerThread(false).logEvents(false)
        .incidentHistory(1).restartable("noop", noop);
    for (int i = 0; i < targets; i++) {
      boolean isHot = i == 0;
      // every target but the hot one samples once an hour, so a cycle applies exactly one sample
      Duration interval = isHot ? INTERVAL : Duration.ofHours(1);
      b.target(TargetSpec.builder(Target.of("t-" + i))
          .probe("latency", isHot ? () -> hot : () -> good, interval)
          .condition("slow", Severity.CRITICAL, Condition.signal("latency.p99.ms").above(500))
          .build());
      b.policy(Policy.builder("p-" + i, "t-" + i).backoff(Backoff.NONE)
          .restartBudget(RestartBudget.of(Integer.MAX_VALUE, Duration.ofNanos(1)))
          .rule("slow", Rung.of(ActionSpec.restart("noop"))).build());
    }
    guard = b.build();
    guard.tick();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    guard.close();
  }

  /** One cycle: the hot target sampled, healthy. */
  @Benchmark
  public void steady() {
    ticker.advance(INTERVAL);
    guard.tick();
  }

  /** Two cycles: a breach decided and acted on, then its recovery. */
  @Benchmark
  public void breachToActionAndRecovery() {
    hot = bad;
    ticker.advance(INTERVAL);
    guard.tick();
    hot = good;
    ticker.advance(INTERVAL);
    guard.tick();
  }
}
