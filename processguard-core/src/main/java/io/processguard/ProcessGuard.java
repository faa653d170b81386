package io.processguard;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEventListener;
import io.processguard.event.LoggingEventListener;
import io.processguard.internal.Engine;
import io.processguard.internal.Threads;
import io.processguard.probe.Probe;
import io.processguard.spi.Ticker;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: a guard that watches registered targets with their probes and conditions,
 * keeps an always-ready health snapshot and reports every change as an event.
 *
 * <pre>{@code
 * try (ProcessGuard guard = ProcessGuard.builder().target(spec).build().start()) {
 *   HealthSnapshot now = guard.snapshot();   // never runs a probe
 * }
 * }</pre>
 *
 * <p>Thread-safe. Threads it creates are daemons named {@code processguard-*} and stop on
 * {@link #close()}, which is idempotent; executors given to the builder are never shut down.
 */
public final class ProcessGuard implements AutoCloseable {

  /** Default number of probe threads when no executor is given: 4. */
  public static final int DEFAULT_PROBE_THREADS = 4;

  /** Default capacity of the probe queue when no executor is given: 1024 runs. */
  public static final int DEFAULT_PROBE_QUEUE = 1024;

  /** Default jitter, as a fraction of each probe interval: 0.1. */
  public static final double DEFAULT_PROBE_JITTER = 0.1;

  private final Engine engine;
  private final boolean schedulerThread;

  private ProcessGuard(Engine engine, boolean schedulerThread) {
    this.engine = engine;
    this.schedulerThread = schedulerThread;
  }

  /** Starts a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the scheduler thread; idempotent. Returns this guard. A guard built with {@code
   * schedulerThread(false)} starts nothing: its owner drives it with {@link #tick()}.
   */
  public ProcessGuard start() {
    if (schedulerThread) {
      engine.start();
    }
    return this;
  }

  /** Returns the latest health snapshot: O(1), never runs a probe. */
  public HealthSnapshot snapshot() {
    return engine.snapshot();
  }

  /** Returns the status of one target, if registered. */
  public java.util.Optional<TargetStatus> status(String target) {
    return engine.snapshot().find(target);
  }

  /** Returns the inventory: every target by tier, then RTO, then name. */
  public List<Target> inventory() {
    return engine.snapshot().inventory().stream().map(TargetStatus::target).toList();
  }

  /**
   * Registers a target at any time. Throws {@link io.processguard.validation.ValidationException}
   * listing every problem (a duplicate name, an unknown probe); the guard is then unchanged.
   */
  public ProcessGuard register(TargetSpec spec) {
    engine.register(spec);
    return this;
  }

  /** Removes a target; returns whether it was registered. */
  public boolean unregister(String target) {
    return engine.unregister(target);
  }

  /** Registers a named probe that target specs (and policy files) can bind by name. */
  public ProcessGuard registerProbe(String name, Probe probe) {
    engine.registerProbe(name, probe);
    return this;
  }

  /** Adds an event listener. */
  public ProcessGuard addListener(GuardEventListener listener) {
    engine.addListener(listener);
    return this;
  }

  /** Removes an event listener. */
  public void removeListener(GuardEventListener listener) {
    engine.removeListener(listener);
  }

  /**
   * Runs one engine cycle on the calling thread. The scheduler thread does this by itself; call
   * it directly only on a guard built with {@code schedulerThread(false)}, as virtual-time tests
   * do.
   */
  public void tick() {
    engine.tick();
  }

  /** Returns the ticker reading at which the next cycle has work, or {@link Long#MAX_VALUE}. */
  public long nextWakeNanos() {
    return engine.nextWakeNanos();
  }

  /** Returns the engine; for ProcessGuard's own modules, not an API. */
  Engine engine() {
    return engine;
  }

  /** Stops the threads this guard created; idempotent. */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link ProcessGuard}; not thread-safe. */
  public static final class Builder {
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private @Nullable Executor probeExecutor;
    private int probeThreads = DEFAULT_PROBE_THREADS;
    private double jitter = DEFAULT_PROBE_JITTER;
    private boolean schedulerThread = true;
    private boolean logEvents = true;
    private final List<GuardEventListener> listeners = new ArrayList<>();
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final List<TargetSpec> targets = new ArrayList<>();

    private Builder() {}

    /** Sets the monotonic time source; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the wall clock for event timestamps; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Runs probes on this executor, which the guard never shuts down. */
    public Builder probeExecutor(Executor executor) {
      this.probeExecutor = requireNonNull(executor, "probeExecutor");
      return this;
    }

    /** Sets the size of the guard's own probe pool; default {@link #DEFAULT_PROBE_THREADS}. */
    public Builder probeThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("probeThreads must be 1..256, got " + threads);
      }
      this.probeThreads = threads;
      return this;
    }

    /** Spreads probe runs by this fraction of their interval, 0..0.5; default 0.1. */
    public Builder probeJitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("probeJitter must be 0..0.5, got " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Whether the guard runs its own scheduler thread (default true). Without it, the owner
     * calls {@link ProcessGuard#tick()}: used for deterministic, virtual-time tests.
     */
    public Builder schedulerThread(boolean enabled) {
      this.schedulerThread = enabled;
      return this;
    }

    /** Whether every event is logged through SLF4J (default true). */
    public Builder logEvents(boolean enabled) {
      this.logEvents = enabled;
      return this;
    }

    /** Adds an event listener. */
    public Builder listener(GuardEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** Registers a named probe that target specs can bind by name. */
    public Builder probe(String name, Probe probe) {
      if (probes.putIfAbsent(name, requireNonNull(probe, "probe")) != null) {
        throw new IllegalArgumentException("probe '" + name + "' is already registered");
      }
      return this;
    }

    /** Adds a target to register at build time. */
    public Builder target(TargetSpec spec) {
      targets.add(requireNonNull(spec, "spec"));
      return this;
    }

    /**
     * Builds the guard (not yet started). Throws {@link
     * io.processguard.validation.ValidationException} if a target is invalid.
     */
    public ProcessGuard build() {
      ExecutorService owned = null;
      Executor executor = probeExecutor;
      if (executor == null) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(probeThreads, probeThreads, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(DEFAULT_PROBE_QUEUE), Threads.factory("probe"));
        pool.allowCoreThreadTimeOut(true);
        owned = pool;
        executor = pool;
      }
      Engine engine = new Engine(ticker, clock, executor, owned, jitter);
      try {
        if (logEvents) {
          engine.addListener(new LoggingEventListener());
        }
        listeners.forEach(engine::addListener);
        probes.forEach(engine::registerProbe);
        targets.forEach(engine::register);
        return new ProcessGuard(engine, schedulerThread);
      } catch (RuntimeException e) {
        engine.close();
        throw e;
      }
    }
  }
}
