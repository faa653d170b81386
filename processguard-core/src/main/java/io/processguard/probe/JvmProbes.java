package io.processguard.probe;

import static java.util.Objects.requireNonNull;

import io.processguard.spi.Ticker;
import java.time.Duration;

/**
 * The built-in probes of the JVM that ProcessGuard runs in: heap, heap growth, process CPU,
 * garbage collection, threads and deadlocks, file descriptors.
 *
 * <p>Every factory returns a new probe with its own state (the previous readings that deltas and
 * slopes need); like every probe, one instance is not meant to run concurrently with itself. The
 * MXBean handles are looked up once per JVM. Costs measured on a 2-core VM: heap ~0.4 µs, CPU
 * time ~0.4 µs, GC counters ~0.2 µs, open descriptors ~2.5 µs on Linux; see {@code
 * docs/performance.md}. Signals whose counter the platform does not report are left out of the
 * sample rather than reported as 0.
 *
 * <pre>{@code
 * TargetSpec.builder(jvm)
 *     .probe("jvm", JvmProbes.all(), Duration.ofSeconds(5))
 *     .condition("heap-leak", Severity.DEGRADED,
 *         Condition.signal(JvmProbes.HEAP_GROWTH_BYTES_PER_MINUTE).above(10e6).forSamples(12))
 * }</pre>
 */
public final class JvmProbes {

  /** Heap used over heap max (or committed when the JVM has no max), 0..1. */
  public static final String HEAP_USED_RATIO = "heap.used.ratio";
  /** Heap bytes in use. */
  public static final String HEAP_USED_BYTES = "heap.used.bytes";
  /** Heap limit in bytes (committed when the JVM has no max). */
  public static final String HEAP_MAX_BYTES = "heap.max.bytes";
  /** Least-squares slope of heap used over the growth window, in bytes per minute. */
  public static final String HEAP_GROWTH_BYTES_PER_MINUTE = "heap.growth.bytes.per.minute";
  /** Seconds between the oldest and newest reading the growth slope is fitted on. */
  public static final String HEAP_GROWTH_WINDOW_SECONDS = "heap.growth.window.seconds";
  /** Process CPU time over wall time times available processors, 0..1. */
  public static final String CPU_PROCESS_RATIO = "cpu.process.ratio";
  /** Garbage collection time over wall time since the previous window, 0..1. */
  public static final String GC_TIME_RATIO = "gc.time.ratio";
  /** Live threads, daemons included. */
  public static final String THREADS_LIVE = "threads.live";
  /** Threads deadlocked on monitors or ownable synchronizers. */
  public static final String THREADS_DEADLOCKED = "threads.deadlocked";
  /** Open file descriptors. */
  public static final String FD_OPEN = "fd.open";
  /** The file descriptor limit. */
  public static final String FD_MAX = "fd.max";
  /** Open over limit, 0..1. */
  public static final String FD_RATIO = "fd.ratio";

  /** Default span of heap readings the growth slope is fitted on: 10 minutes. */
  public static final Duration DEFAULT_HEAP_GROWTH_WINDOW = Duration.ofMinutes(10);
  /**
   * Most heap readings the growth window keeps (the oldest go first): 256, which holds the default
   * window at one sample every 2.4 s or slower; the fit costs time linear in this number.
   */
  public static final int HEAP_GROWTH_CAPACITY = 256;
  /** Shortest window CPU and GC ratios are computed over: 1 second (CPU time moves in ~10 ms steps). */
  public static final Duration DEFAULT_RATIO_WINDOW = Duration.ofSeconds(1);
  /** Default least time between two deadlock checks: 30 seconds. */
  public static final Duration DEFAULT_DEADLOCK_CHECK_PERIOD = Duration.ofSeconds(30);

  private JvmProbes() {}

  /** Returns a probe of {@code heap.used.ratio}, {@code heap.used.bytes}, {@code heap.max.bytes}. */
  public static Probe heap() {
    return SignalSource.probe(new HeapSignals(jvm(), Ticker.system(), null, true));
  }

  /** Returns {@link #heapGrowth(Duration, Ticker)} over the default 10-minute window. */
  public static Probe heapGrowth() {
    return heapGrowth(DEFAULT_HEAP_GROWTH_WINDOW, Ticker.system());
  }

  /**
   * Returns a probe of {@code heap.growth.bytes.per.minute}: the least-squares slope of the heap
   * used at each sample over the last {@code window} (at most {@link #HEAP_GROWTH_CAPACITY}
   * readings), with {@code heap.growth.window.seconds}, the span actually covered. The slope is 0
   * until two readings exist. Heap used rises between collections and drops at each one, so choose
   * a window spanning many collections (minutes) and require a minimum span in conditions.
   *
   * @param window how far back readings count; positive
   * @param ticker the time source of the reading times
   */
  public static Probe heapGrowth(Duration window, Ticker ticker) {
    return heapGrowth(jvm(), window, ticker);
  }

  static Probe heapGrowth(JvmReadings jvm, Duration window, Ticker ticker) {
    return SignalSource.probe(new HeapSignals(jvm, requireNonNull(ticker, "ticker"),
        growthWindow(window), false));
  }

  /** Returns {@link #cpu(Ticker)} on the system ticker. */
  public static Probe cpu() {
    return cpu(Ticker.system());
  }

  /**
   * Returns a probe of {@code cpu.process.ratio}: process CPU time used since the previous window
   * over wall time times available processors. It reads {@code getProcessCpuTime} (~0.4 µs), not
   * {@code getProcessCpuLoad} (50-60 µs). Windows are at least {@link #DEFAULT_RATIO_WINDOW}; a
   * sample asked for sooner repeats the last ratio, and the first reports the average since the
   * JVM started.
   */
  public static Probe cpu(Ticker ticker) {
    return cpu(jvm(), ticker);
  }

  static Probe cpu(JvmReadings jvm, Ticker ticker) {
    return SignalSource.probe(ratio(jvm, ticker, true));
  }

  /** Returns {@link #gc(Ticker)} on the system ticker. */
  public static Probe gc() {
    return gc(Ticker.system());
  }

  /**
   * Returns a probe of {@code gc.time.ratio}: collection time since the previous window over wall
   * time, with the same windows as {@link #cpu(Ticker)}.
   */
  public static Probe gc(Ticker ticker) {
    return gc(jvm(), ticker);
  }

  static Probe gc(JvmReadings jvm, Ticker ticker) {
    return SignalSource.probe(ratio(jvm, ticker, false));
  }

  /** Returns {@link #threads(Duration, Ticker)} with a 30-second deadlock check period. */
  public static Probe threads() {
    return threads(DEFAULT_DEADLOCK_CHECK_PERIOD, Ticker.system());
  }

  /**
   * Returns a probe of {@code threads.live} and {@code threads.deadlocked}. Finding deadlocks
   * pauses the JVM, so it runs on the first sample and then at most once per {@code
   * deadlockCheckPeriod}; samples in between repeat the last count.
   *
   * @param deadlockCheckPeriod least time between two deadlock checks; positive
   * @param ticker the time source of the period
   */
  public static Probe threads(Duration deadlockCheckPeriod, Ticker ticker) {
    return threads(jvm(), deadlockCheckPeriod, ticker);
  }

  static Probe threads(JvmReadings jvm, Duration deadlockCheckPeriod, Ticker ticker) {
    long period = positive(deadlockCheckPeriod, "deadlockCheckPeriod").toNanos();
    return SignalSource.probe(new ThreadSignals(jvm, requireNonNull(ticker, "ticker"), period));
  }

  /**
   * Returns a probe of {@code fd.open}, {@code fd.max} and {@code fd.ratio}. On Linux the open
   * count is the size the kernel reports for {@code /proc/self/fd} (constant cost; exact on
   * kernels from 6.2); elsewhere, or when that size is 0, it comes from {@code
   * UnixOperatingSystemMXBean} (cost linear in the count). A platform that reports nothing gives
   * a sample without these signals.
   */
  public static Probe fileDescriptors() {
    return fileDescriptors(jvm());
  }

  static Probe fileDescriptors(JvmReadings jvm) {
    return SignalSource.probe(new FdSignals(jvm));
  }

  /** Returns {@link #all(Ticker)} on the system ticker. */
  public static Probe all() {
    return all(Ticker.system());
  }

  /**
   * Returns one probe of every cheap JVM signal in one sample: heap (with growth over the default
   * window), CPU, GC, live threads and file descriptors. Deadlocks are left out because finding
   * them pauses the JVM; add {@link #threads()} as its own probe at a longer interval.
   */
  public static Probe all(Ticker ticker) {
    return all(jvm(), ticker);
  }

  static Probe all(JvmReadings jvm, Ticker ticker) {
    requireNonNull(ticker, "ticker");
    return SignalSource.probe(
        new HeapSignals(jvm, ticker, growthWindow(DEFAULT_HEAP_GROWTH_WINDOW), true),
        ratio(jvm, ticker, true),
        ratio(jvm, ticker, false),
        new ThreadSignals(jvm, ticker, 0),
        new FdSignals(jvm));
  }

  private static RatioSignals ratio(JvmReadings jvm, Ticker ticker, boolean cpu) {
    return new RatioSignals(jvm, requireNonNull(ticker, "ticker"), cpu, DEFAULT_RATIO_WINDOW.toNanos());
  }

  private static SlopeWindow growthWindow(Duration window) {
    return new SlopeWindow(positive(window, "window").toNanos(), HEAP_GROWTH_CAPACITY);
  }

  private static Duration positive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  private static JvmReadings jvm() {
    return SystemJvmReadings.INSTANCE;
  }
}
