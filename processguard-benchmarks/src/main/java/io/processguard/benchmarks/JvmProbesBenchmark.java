package io.processguard.benchmarks;

import io.processguard.probe.JvmProbes;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One sample of each built-in JVM probe, and of {@link JvmProbes#all()}, on the real JVM. The
 * heap growth window fills to its 256-reading capacity within the warm-up, so its figure is the
 * worst case of the slope fit; the deadlock check runs once and then is rate-limited (30 s), so
 * {@code threads} is the steady-state cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class JvmProbesBenchmark {
  private final Probe all = JvmProbes.all();
  private final Probe heap = JvmProbes.heap();
  private final Probe heapGrowth = JvmProbes.heapGrowth();
  private final Probe cpu = JvmProbes.cpu();
  private final Probe gc = JvmProbes.gc();
  private final Probe threads = JvmProbes.threads();
  private final Probe fileDescriptors = JvmProbes.fileDescriptors();

  @Benchmark
  public Sample all() throws Exception {
    return all.sample();
  }

  @Benchmark
  public Sample heap() throws Exception {
    return heap.sample();
  }

  @Benchmark
  public Sample heapGrowth() throws Exception {
    return heapGrowth.sample();
  }

  @Benchmark
  public Sample cpu() throws Exception {
    return cpu.sample();
  }

  @Benchmark
  public Sample gc() throws Exception {
    return gc.sample();
  }

  @Benchmark
  public Sample threads() throws Exception {
    return threads.sample();
  }

  @Benchmark
  public Sample fileDescriptors() throws Exception {
    return fileDescriptors.sample();
  }
}
