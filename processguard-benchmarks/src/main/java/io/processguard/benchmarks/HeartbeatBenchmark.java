package io.processguard.benchmarks;

import io.processguard.watchdog.Heartbeat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link Heartbeat#beat()} on the application's hot path, beside its floor (an
 * opaque store of a long), single-threaded and with two threads beating the same heartbeat.
 * A checker thread checks every millisecond meanwhile, far more often than a real probe, so
 * beats keep having to set the flag again.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HeartbeatBenchmark {
  private static final VarHandle FLOOR;

  static {
    try {
      FLOOR = MethodHandles.lookup().findVarHandle(HeartbeatBenchmark.class, "floor", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Heartbeat heartbeat;
  private volatile boolean running;
  private Thread checker;
  @SuppressWarnings("unused")
  private long floor;

  @Setup
  public void setUp() {
    heartbeat = Heartbeat.builder("bench").deadline(Duration.ofSeconds(30)).build();
    heartbeat.ready();
    running = true;
    checker = new Thread(() -> {
      while (running) {
        heartbeat.check();
        LockSupport.parkNanos(1_000_000);
      }
    }, "bench-checker");
    checker.setDaemon(true);
    checker.start();
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    running = false;
    checker.join();
  }

  @Benchmark
  public void beat() {
    heartbeat.beat();
  }

  @Benchmark
  @Threads(2)
  public void beatTwoThreads() {
    heartbeat.beat();
  }

  @Benchmark
  public void floorOpaqueStore() {
    FLOOR.setOpaque(this, 1L);
  }

  @Benchmark
  @Threads(2)
  public void floorOpaqueStoreTwoThreads() {
    FLOOR.setOpaque(this, 1L);
  }
}
