package io.processguard.watchdog;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEventListener;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.probe.SampleStatus;
import io.processguard.spi.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A heartbeat watchdog: the loop that does the real work calls {@link #beat()}; a checker that
 * sees no beat for longer than the deadline declares a breach, captures the watched threads'
 * stacks and publishes {@link WatchdogEvent.HeartbeatMissed}.
 *
 * <pre>{@code
 * Heartbeat hb = Heartbeat.builder("ingest-loop").deadline(Duration.ofSeconds(10)).build();
 * hb.watch(ingestThread);
 * hb.ready();                        // armed from here on (systemd's rule)
 * while (running) { pollAndProcess(); hb.beat(); }
 * hb.stop();                         // orderly stop disarms
 * // on a target: .probe("ingest-heartbeat", hb.probe(), Duration.ofSeconds(2))
 * //              .condition(..., Condition.signal("heartbeat.overdue.seconds").above(0))
 * }</pre>
 *
 * <p><b>Cost.</b> {@code beat()} allocates nothing, takes no lock and reads no clock: it sets a
 * flag with an opaque store, and only if the flag is not already set, so two threads beating the
 * same heartbeat mostly read a shared cache line instead of bouncing it. The checker ({@link
 * #check(long)}, driven by the probe's sampling) swaps the flag back and timestamps the progress
 * with its own ticker reading; so progress is known to the resolution of the check interval
 * (keep the interval at most half the deadline).
 *
 * <p><b>Edges.</b> The heartbeat is armed only after {@link #ready()} and disarmed by {@link
 * #stop()} or {@link #close()}; while disarmed it never breaches. The deadline itself is still on
 * time: the breach comes when the age exceeds the deadline ({@code age > deadline}).
 *
 * <p>Thread-safe: any thread may beat; checks are serialised. Listeners run on the checking
 * thread and must not block.
 */
public final class Heartbeat implements AutoCloseable {

  /** Default deadline: 30 seconds. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** Default signal prefix: {@code heartbeat}. */
  public static final String DEFAULT_SIGNAL_PREFIX = "heartbeat";

  /** Default minimum time between two full thread dumps: 1 minute. */
  public static final Duration DEFAULT_THREAD_DUMP_INTERVAL = Duration.ofMinutes(1);

  private static final VarHandle BEATEN;
  private static final int NEW = 0;
  private static final int ARMED = 1;
  private static final int STOPPED = 2;

  static {
    try {
      BEATEN = MethodHandles.lookup().findVarHandle(Heartbeat.class, "beaten", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Set by beat() and swapped back by the checker, through BEATEN only. Not padded: the checker
  // writes its own fields once per check, which costs beaters one cache miss per interval.
  @SuppressWarnings("unused")
  private int beaten;

  private final String name;
  private final String target;
  private final long deadlineNanos;
  private final Duration deadline;
  private final Ticker ticker;
  private final Clock clock;
  private final @Nullable BooleanSupplier workPending;
  private final boolean threadDumpOnMiss;
  private final long threadDumpIntervalNanos;
  private final String overdueSignal;
  private final String ageSignal;
  private final String armedSignal;
  private final List<Thread> watched = new CopyOnWriteArrayList<>();
  private final Listeners listeners = new Listeners();
  private final Object checkLock = new Object();

  // Guarded by checkLock.
  private volatile int state = NEW;
  private long lastProgressNanos;
  private long missedAtProgressNanos;
  private boolean missed;
  private long lastDumpNanos;
  private boolean dumped;
  private volatile @Nullable Diagnostics lastDiagnostics;
  private volatile long lastAgeNanos;

  private Heartbeat(Builder b) {
    this.name = b.name;
    this.target = b.target == null ? b.name : b.target;
    this.deadline = b.deadline;
    this.deadlineNanos = b.deadline.toNanos();
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.workPending = b.workPending;
    this.threadDumpOnMiss = b.threadDumpOnMiss;
    this.threadDumpIntervalNanos = b.threadDumpInterval.toNanos();
    this.overdueSignal = b.prefix + ".overdue.seconds";
    this.ageSignal = b.prefix + ".age.seconds";
    this.armedSignal = b.prefix + ".armed";
    b.listeners.forEach(listeners::add);
  }

  /** Starts a builder for a heartbeat with that name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Records progress. Call it from the loop that does the real work, once per unit of work or
   * per iteration. No allocation, no lock, no clock read; safe from any number of threads.
   */
  public void beat() {
    if ((int) BEATEN.getOpaque(this) == 0) {
      BEATEN.setOpaque(this, 1);
    }
  }

  /** Declares the component ready: arms the heartbeat, counting its age from now. Idempotent. */
  public void ready() {
    synchronized (checkLock) {
      if (state != ARMED) {
        BEATEN.setOpaque(this, 0);
        lastProgressNanos = ticker.read();
        missed = false;
        lastAgeNanos = 0;
        state = ARMED;
      }
    }
  }

  /** Disarms the heartbeat after an orderly stop; {@link #ready()} arms it again. Idempotent. */
  public void stop() {
    synchronized (checkLock) {
      state = STOPPED;
      missed = false;
      lastAgeNanos = 0;
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Watches a thread: its stack is captured on a breach. Returns this heartbeat. */
  public Heartbeat watch(Thread thread) {
    requireNonNull(thread, "thread");
    if (!watched.contains(thread)) {
      watched.add(thread);
    }
    return this;
  }

  /** Watches the calling thread. Returns this heartbeat. */
  public Heartbeat watchCurrentThread() {
    return watch(Thread.currentThread());
  }

  /** Stops watching a thread; returns whether it was watched. */
  public boolean unwatch(Thread thread) {
    return watched.remove(thread);
  }

  /** Adds an event listener. */
  public void addListener(GuardEventListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Removes an event listener. */
  public void removeListener(GuardEventListener listener) {
    listeners.remove(listener);
  }

  /** Checks now, with the heartbeat's ticker; see {@link #check(long)}. */
  public boolean check() {
    return check(ticker.read());
  }

  /**
   * Checks at the given ticker reading: consumes any beat since the last check as progress at
   * {@code nowNanos}, and declares a breach when the age exceeds the deadline. Returns whether
   * the heartbeat is in breach. Publishes {@link WatchdogEvent.HeartbeatMissed} on entering a
   * breach and {@link WatchdogEvent.HeartbeatResumed} on leaving it.
   */
  public boolean check(long nowNanos) {
    WatchdogEvent event = null;
    boolean breached;
    synchronized (checkLock) {
      if (state != ARMED) {
        BEATEN.setOpaque(this, 0);
        return false;
      }
      boolean progress = (int) BEATEN.getAndSet(this, 0) != 0 || idle();
      if (progress) {
        if (missed) {
          missed = false;
          event = new WatchdogEvent.HeartbeatResumed(clock.instant(), target, name,
              Duration.ofNanos(nowNanos - missedAtProgressNanos));
        }
        lastProgressNanos = nowNanos;
      }
      long age = Math.max(0, nowNanos - lastProgressNanos);
      lastAgeNanos = age;
      if (!missed && age > deadlineNanos) {
        missed = true;
        missedAtProgressNanos = lastProgressNanos;
        Diagnostics d = capture(nowNanos, threadDumpOnMiss);
        lastDiagnostics = d;
        event = new WatchdogEvent.HeartbeatMissed(d.capturedAt(), target, name, Duration.ofNanos(age),
            deadline, d);
      }
      breached = missed;
    }
    if (event != null) {
      listeners.publish(event);
    }
    return breached;
  }

  private boolean idle() {
    BooleanSupplier pending = workPending;
    if (pending == null) {
      return false;
    }
    boolean[] result = {true};
    Listeners.guard("heartbeat '" + name + "' workPending", () -> result[0] = pending.getAsBoolean());
    return !result[0];
  }

  private Diagnostics capture(long nowNanos, boolean withDump) {
    Diagnostics d = Diagnostics.capture(clock.instant(), List.copyOf(watched));
    if (withDump && dumpAllowed(nowNanos)) {
      d = d.withThreadDump(Diagnostics.dumpAllThreads());
    }
    return d;
  }

  private boolean dumpAllowed(long nowNanos) {
    if (dumped && nowNanos - lastDumpNanos < threadDumpIntervalNanos) {
      return false;
    }
    dumped = true;
    lastDumpNanos = nowNanos;
    return true;
  }

  /**
   * Takes the watched threads' stacks and a full thread dump now, unless a dump was taken less
   * than the thread-dump interval ago (a dump pauses the whole JVM). The result also becomes
   * {@link #lastDiagnostics()}.
   */
  public Optional<Diagnostics> requestThreadDump() {
    synchronized (checkLock) {
      long now = ticker.read();
      if (!dumpAllowed(now)) {
        return Optional.empty();
      }
      Diagnostics d = Diagnostics.capture(clock.instant(), List.copyOf(watched))
          .withThreadDump(Diagnostics.dumpAllThreads());
      lastDiagnostics = d;
      return Optional.of(d);
    }
  }

  /** Returns the diagnostics of the latest breach or dump request, if any. */
  public Optional<Diagnostics> lastDiagnostics() {
    return Optional.ofNullable(lastDiagnostics);
  }

  /** Returns whether the heartbeat is armed (ready and not stopped). */
  public boolean isArmed() {
    return state == ARMED;
  }

  /** Returns whether the latest check found the heartbeat in breach. */
  public boolean isMissed() {
    synchronized (checkLock) {
      return missed;
    }
  }

  /** Returns the heartbeat's name. */
  public String name() {
    return name;
  }

  /** Returns the deadline. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Returns this heartbeat as a probe. Each sample checks first, then reports {@code
   * <prefix>.overdue.seconds} (0 unless in breach), {@code <prefix>.age.seconds} and {@code
   * <prefix>.armed} (1 or 0); in breach the status is {@code DEGRADED} and the detail carries
   * the rendered diagnostics.
   */
  public Probe probe() {
    return this::sample;
  }

  private Sample sample() {
    boolean breached = check(ticker.read());
    long age = lastAgeNanos;
    double overdue = breached ? Math.max(0, age - deadlineNanos) / 1e9 : 0;
    Diagnostics d = lastDiagnostics;
    return Sample.builder()
        .signal(overdueSignal, overdue)
        .signal(ageSignal, age / 1e9)
        .signal(armedSignal, isArmed() ? 1 : 0)
        .status(breached ? SampleStatus.DEGRADED : SampleStatus.UP)
        .detail(breached && d != null ? describe(age) + "\n" + d.render() : "")
        .build();
  }

  private String describe(long ageNanos) {
    return String.format(Locale.ROOT, "heartbeat '%s' missed: no progress for %.3fs (deadline %.3fs)",
        name, ageNanos / 1e9, deadlineNanos / 1e9);
  }

  @Override
  public String toString() {
    return "Heartbeat[" + name + ", deadline=" + deadline + "]";
  }

  /** Builds a {@link Heartbeat}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String target;
    private Duration deadline = DEFAULT_DEADLINE;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private @Nullable BooleanSupplier workPending;
    private boolean threadDumpOnMiss;
    private Duration threadDumpInterval = DEFAULT_THREAD_DUMP_INTERVAL;
    private String prefix = DEFAULT_SIGNAL_PREFIX;
    private final List<GuardEventListener> listeners = new java.util.ArrayList<>();

    private Builder(String name) {
      this.name = Checks.name("name", name);
    }

    /** Sets the target named in events; default the heartbeat's name. */
    public Builder target(String target) {
      this.target = Checks.name("target", target);
      return this;
    }

    /** Sets the deadline, positive; default {@link #DEFAULT_DEADLINE}. */
    public Builder deadline(Duration deadline) {
      this.deadline = Checks.positive("deadline", deadline);
      return this;
    }

    /** Sets the monotonic time source; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the wall clock for event timestamps; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Counts the heartbeat as idle, not stalled, while {@code pending} says there is no work:
     * for a runner that may wait for jobs but must not sit still while jobs are queued. The
     * supplier runs on the checking thread and must be quick.
     */
    public Builder workPending(BooleanSupplier pending) {
      this.workPending = requireNonNull(pending, "workPending");
      return this;
    }

    /** Whether a breach also takes a full thread dump (rate-limited); default false. */
    public Builder threadDumpOnMiss(boolean enabled) {
      this.threadDumpOnMiss = enabled;
      return this;
    }

    /** Sets the minimum time between two thread dumps; default 1 minute. */
    public Builder threadDumpInterval(Duration interval) {
      this.threadDumpInterval = Checks.positive("threadDumpInterval", interval);
      return this;
    }

    /** Sets the prefix of the probe's signal names; default {@code heartbeat}. */
    public Builder signalPrefix(String prefix) {
      this.prefix = Checks.name("signalPrefix", prefix);
      return this;
    }

    /** Adds an event listener. */
    public Builder listener(GuardEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** Returns the heartbeat, not yet armed. */
    public Heartbeat build() {
      return new Heartbeat(this);
    }
  }
}
