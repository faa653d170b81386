package io.processguard.internal;

import static java.util.Objects.requireNonNull;

import io.processguard.condition.Transition;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.probe.SampleStatus;
import io.processguard.spi.Ticker;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.ProbeBinding;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetStatus;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe engine: schedules probe runs, applies their samples to conditions, derives target
 * states, publishes events and snapshots.
 *
 * <p>Design: every mutation happens in {@link #tick()} (or registration) under one lock, on one
 * thread at a time; probes run on the probe executor and hand their samples back through a
 * lock-free queue. A probe is never started while its previous run is still inside it, so a
 * probe that hangs holds at most one thread. Snapshots are immutable and replaced only when a
 * state changes, so reading one is a volatile read (the HikariCP/R4J pattern of publishing
 * after the swap).
 *
 * <p>File over 500 lines: registration, the cycle (drain, expire, start, apply) and publication
 * share the same lock-protected state; splitting them would spread that state across classes.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard.engine");
  private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long LATE_TICK_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Ticker ticker;
  private final Clock clock;
  private final Executor probeExecutor;
  private final @Nullable ExecutorService ownedProbeExecutor;
  private final double jitter;
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();
  private final Map<String, TargetRuntime> targets = new LinkedHashMap<>();
  /** The runtimes in inventory order, kept sorted on register and unregister. */
  private final List<TargetRuntime> ordered = new ArrayList<>();
  private final PriorityQueue<ProbeRuntime> due =
      new PriorityQueue<>(Comparator.comparingLong(p -> p.nextDueNanos));
  private final List<ProbeRuntime> inFlight = new ArrayList<>();
  private volatile boolean completedSinceTick;
  private boolean snapshotDirty;
  private final CopyOnWriteArraySet<GuardEventListener> listeners = new CopyOnWriteArraySet<>();
  private final List<Reactor> reactors = new ArrayList<>();
  private final java.util.concurrent.CopyOnWriteArrayList<io.processguard.probe.ProbeObserver> observers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile HealthSnapshot snapshot;
  private long generation;
  private volatile boolean running;
  private volatile boolean closed;
  private @Nullable Thread scheduler;

  /**
   * Creates an engine.
   *
   * @param ticker monotonic time
   * @param clock wall time for events and snapshots
   * @param probeExecutor where probes run; owned (shut down on close) when {@code owned} is set
   * @param owned the same executor when the engine created it, else null
   * @param jitter fraction of the interval by which probe runs are spread, 0..0.5
   */
  public Engine(
      Ticker ticker, Clock clock, Executor probeExecutor, @Nullable ExecutorService owned, double jitter) {
    this.ticker = requireNonNull(ticker, "ticker");
    this.clock = requireNonNull(clock, "clock");
    this.probeExecutor = requireNonNull(probeExecutor, "probeExecutor");
    this.ownedProbeExecutor = owned;
    this.jitter = jitter;
    this.snapshot = HealthSnapshot.empty(clock.instant());
  }

  // ---- configuration ----------------------------------------------------------------------

  /** Registers a named probe that target specs may bind by name. */
  public void registerProbe(String name, Probe probe) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("probe name must not be blank, got '" + name + "'");
    }
    requireNonNull(probe, () -> "probe '" + name + "'");
    if (probes.putIfAbsent(name, probe) != null) {
      throw new IllegalArgumentException("probe '" + name + "' is already registered");
    }
  }

  /** Returns the probe registered under that name. */
  public Optional<Probe> findProbe(String name) {
    return Optional.ofNullable(probes.get(name));
  }

  /** Adds a listener. */
  public void addListener(GuardEventListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Removes a listener. */
  public void removeListener(GuardEventListener listener) {
    listeners.remove(listener);
  }

  /** Adds a probe observer. */
  public void addProbeObserver(io.processguard.probe.ProbeObserver observer) {
    observers.add(requireNonNull(observer, "observer"));
  }

  private void observe(ProbeRuntime p, long durationNanos, Sample s) {
    for (int i = 0; i < observers.size(); i++) {
      io.processguard.probe.ProbeObserver o = observers.get(i);
      try {
        o.onProbeRun(p.target.name(), p.name, durationNanos, s.status());
      } catch (RuntimeException e) {
        LOG.warn("probe observer {} failed: {}", o.getClass().getName(), e.toString());
      }
    }
  }

  /** Adds a reactor; call before start. */
  public void addReactor(Reactor reactor) {
    lock.lock();
    try {
      reactors.add(requireNonNull(reactor, "reactor"));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers a target; validates that every bound probe resolves and the name is free. Throws
   * {@link ValidationException} with every problem, leaving the engine unchanged.
   */
  public TargetRuntime register(TargetSpec spec) {
    requireNonNull(spec, "spec");
    lock.lock();
    try {
      checkOpen();
      List<Problem> problems = new ArrayList<>();
      if (targets.containsKey(spec.target().name())) {
        problems.add(new Problem("target '" + spec.target().name() + "'", "name", spec.target().name(),
            "a target with this name is already registered"));
      }
      problems.addAll(checkProbes(spec));
      ValidationException.throwIfAny(problems);
      TargetRuntime t = install(spec);
      publishSnapshot();
      wakeUp();
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the problems of a spec's probe bindings: every probe must resolve. Changes nothing. */
  public List<Problem> checkProbes(TargetSpec spec) {
    List<Problem> problems = new ArrayList<>();
    for (ProbeBinding b : spec.probes()) {
      if (resolve(spec, b) == null) {
        problems.add(new Problem("target '" + spec.target().name() + "'", "probes", b.probe(),
            "names no registered probe (registered: " + new java.util.TreeSet<>(probes.keySet()) + ")"));
      }
    }
    return problems;
  }

  private TargetRuntime install(TargetSpec spec) {
    TargetRuntime t = new TargetRuntime(spec, clock.instant());
    long now = ticker.read();
    for (ProbeBinding b : spec.probes()) {
      ProbeRuntime p = new ProbeRuntime(t, b, requireNonNull(resolve(spec, b)), jitter, ticker);
      p.scheduleFirst(now);
      t.probes.add(p);
    }
    putBack(t);
    return t;
  }

  /**
   * Replaces (or adds) a target's runtime with a fresh one for the spec: its probes start afresh
   * and its conditions start clear. Returns the runtime it replaced, or null. Call with the lock
   * held and the spec's probes checked; the snapshot is published by the caller.
   */
  public @Nullable TargetRuntime swapIn(TargetSpec spec) {
    TargetRuntime old = takeOut(spec.target().name());
    install(spec);
    snapshotDirty = true;
    return old;
  }

  /** Undoes {@link #swapIn}: puts the old runtime back, or removes the target if there was none. */
  public void swapBack(String name, @Nullable TargetRuntime old) {
    takeOut(name);
    if (old != null) {
      putBack(old);
    }
    snapshotDirty = true;
  }

  private void putBack(TargetRuntime t) {
    due.addAll(t.probes);
    targets.put(t.name(), t);
    int at = java.util.Collections.binarySearch(ordered, t,
        (a, b) -> io.processguard.target.Target.INVENTORY_ORDER.compare(a.target(), b.target()));
    ordered.add(at < 0 ? -at - 1 : at, t);
  }

  private @Nullable TargetRuntime takeOut(String name) {
    TargetRuntime t = targets.remove(name);
    if (t != null) {
      due.removeIf(p -> p.target == t);
      inFlight.removeIf(p -> p.target == t);
      ordered.remove(t);
    }
    return t;
  }

  /** Publishes a snapshot now if anything changed; for operations outside the cycle. */
  public void publishIfChanged() {
    publishIfDirty();
  }

  private @Nullable Probe resolve(TargetSpec spec, ProbeBinding b) {
    Probe inline = spec.inlineProbes().get(b.probe());
    return inline != null ? inline : probes.get(b.probe());
  }

  /** Removes a target; its in-flight probe results are discarded. Returns whether it existed. */
  public boolean unregister(String name) {
    lock.lock();
    try {
      if (takeOut(name) == null) {
        return false;
      }
      publishSnapshot();
      return true;
    } finally {
      lock.unlock();
    }
  }

  // ---- reading ----------------------------------------------------------------------------

  /** Returns the latest snapshot: one volatile read, no probe run. */
  public HealthSnapshot snapshot() {
    return snapshot;
  }

  /** Runs {@code action} with the engine lock held, for the recovery engine and operator calls. */
  public <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the runtime of a target; call with the lock held. */
  public @Nullable TargetRuntime runtime(String name) {
    return targets.get(name);
  }

  /** Returns all target runtimes; call with the lock held. */
  public List<TargetRuntime> runtimes() {
    return List.copyOf(targets.values());
  }

  /** Returns the ticker. */
  public Ticker ticker() {
    return ticker;
  }

  /** Returns the clock. */
  public Clock clock() {
    return clock;
  }

  // ---- the cycle --------------------------------------------------------------------------

  /**
   * Runs one cycle: applies finished samples, times out overdue runs, starts due probes, lets
   * reactors act, publishes a snapshot if anything changed.
   */
  public void tick() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long now = ticker.read();
      drain(now);
      expire(now);
      startDue(now);
      drain(now);
      for (int i = 0; i < reactors.size(); i++) {
        reactors.get(i).onTick(now);
      }
      publishIfDirty();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the ticker reading at which the next cycle has work. */
  public long nextWakeNanos() {
    lock.lock();
    try {
      long next = Long.MAX_VALUE;
      ProbeRuntime head = due.peek();
      if (head != null) {
        next = head.nextDueNanos;
      }
      for (ProbeRuntime p : inFlight) {
        TimedRun<Sample> run = p.current;
        if (run != null && !run.timedOut) {
          next = Math.min(next, run.submittedNanos + p.timeoutNanos);
        }
      }
      for (Reactor r : reactors) {
        next = Math.min(next, r.nextWakeNanos());
      }
      return next;
    } finally {
      lock.unlock();
    }
  }

  private void drain(long now) {
    completedSinceTick = false;
    // Scanning the (short) in-flight list instead of queueing completions keeps a sample allocation-free.
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      if (i < inFlight.size()) {
        finish(inFlight.get(i), now);
      }
    }
  }

  /** Applies the finished run of a probe, if there is one; a timed-out run's late sample is dropped. */
  private void finish(ProbeRuntime p, long now) {
    TimedRun<Sample> run = p.current;
    if (run == null || run.busy()) {
      return;
    }
    p.current = null;
    inFlight.remove(p);
    if (!run.timedOut && targets.get(p.target.name()) == p.target) {
      Sample s = sampleOf(run);
      observe(p, p.lastDurationNanos, s);
      apply(p, s, now);
    }
  }

  private static Sample sampleOf(TimedRun<Sample> run) {
    Throwable failure = run.failure();
    if (failure instanceof InterruptedException) {
      return Sample.failed("probe interrupted");
    }
    if (failure != null) {
      return Sample.failed("probe threw " + failure);
    }
    Sample s = run.result();
    return s == null ? Sample.failed("probe returned null") : s;
  }

  private void expire(long now) {
    for (int i = 0; i < inFlight.size(); i++) {
      ProbeRuntime p = inFlight.get(i);
      TimedRun<Sample> run = p.current;
      if (run == null || run.timedOut || now - run.submittedNanos < p.timeoutNanos) {
        continue;
      }
      run.timedOut = true;
      run.abandon();
      p.spare = null;
      Sample timedOut = Sample.failed("timed out after " + p.binding.timeout());
      observe(p, now - run.submittedNanos, timedOut);
      apply(p, timedOut, now);
      if (!run.busy()) {
        p.current = null;
        inFlight.remove(i--);
      }
    }
  }

  private void startDue(long now) {
    ProbeRuntime p;
    while ((p = due.peek()) != null && p.nextDueNanos <= now) {
      due.poll();
      if (p.busy()) {
        TimedRun<Sample> hung = requireNonNull(p.current);
        apply(p, Sample.failed("still running after "
            + Duration.ofNanos(now - hung.submittedNanos) + " (hung); not started again"), now);
      } else {
        finish(p, now);
        submit(p, now);
      }
      p.scheduleNext(now);
      due.add(p);
    }
  }

  private void submit(ProbeRuntime p, long now) {
    TimedRun<Sample> run = p.spare;
    if (run == null || !run.reuse(now)) {
      run = new TimedRun<>(p.timed, now, this::wakeUp);
    }
    p.spare = run;
    p.current = run;
    inFlight.add(p);
    try {
      probeExecutor.execute(run);
    } catch (RejectedExecutionException e) {
      run.timedOut = true;
      run.abandon();
      p.spare = null;
      p.current = null;
      inFlight.remove(p);
      apply(p, Sample.failed("probe executor saturated: " + e.getMessage()), now);
    }
  }

  /**
   * Applies one sample to its target: updates the conditions, derives the state, publishes the
   * events. Allocates nothing when no state changes.
   */
  void apply(ProbeRuntime p, Sample sample, long now) {
    TargetRuntime t = p.target;
    p.samples++;
    Sample previous = p.last;
    boolean changed = previous == null || sample.isDown() || previous.isDown();
    trackFailures(p, sample);
    p.last = sample;
    for (ConditionRuntime c : t.conditions) {
      Transition tr = c.evaluator.update(p.name, sample, now);
      if (tr != Transition.NONE) {
        transition(t, c, tr, now);
        changed = true;
      }
    }
    if (changed) {
      rederive(t);
    }
  }

  private void trackFailures(ProbeRuntime p, Sample sample) {
    if (sample.isDown()) {
      p.consecutiveFailures++;
      publish(new TargetEvent.ProbeFailed(clock.instant(), p.target.name(), p.name,
          sample.status(), sample.detail(), p.consecutiveFailures));
    } else if (p.consecutiveFailures > 0) {
      int failures = p.consecutiveFailures;
      p.consecutiveFailures = 0;
      publish(new TargetEvent.ProbeRecovered(clock.instant(), p.target.name(), p.name, failures));
    }
  }

  private void transition(TargetRuntime t, ConditionRuntime c, Transition tr, long now) {
    Instant at = clock.instant();
    Map<String, Double> values = c.evaluator.lastValues();
    t.evidence = values;
    markDirty(t);
    if (tr == Transition.BREACHED) {
      Instant firstBad = at.minusNanos(Math.max(0, now - c.evaluator.firstBadNanos()));
      publish(new TargetEvent.ConditionBreached(at, t.name(), c.name(), c.watched.severity(),
          c.evaluator.reason(), values, firstBad));
    } else {
      publish(new TargetEvent.ConditionCleared(at, t.name(), c.name(), c.evaluator.reason(), values));
    }
    for (Reactor r : reactors) {
      r.onTransition(t, c, tr, now);
    }
  }

  /** Re-derives a target's state (after a sample or an overlay change) and publishes a change. */
  public void rederive(TargetRuntime t) {
    io.processguard.target.TargetState before = t.state;
    boolean changed = t.derive();
    snapshotDirty |= t.dirty;
    if (changed) {
      t.since = clock.instant();
      publish(new TargetEvent.StateChanged(t.since, t.name(), before, t.state, t.reason));
    }
  }

  /** Publishes an event to every listener, each guarded. */
  public void publish(GuardEvent event) {
    for (GuardEventListener l : listeners) {
      Guarded.run("listener " + l.getClass().getName(), () -> l.onEvent(event));
    }
  }

  private void publishIfDirty() {
    if (snapshotDirty) {
      publishSnapshot();
    }
  }

  private void publishSnapshot() {
    TargetStatus[] statuses = new TargetStatus[ordered.size()];
    for (int i = 0; i < statuses.length; i++) {
      TargetRuntime t = ordered.get(i);
      if (t.dirty || t.published == null) {
        t.published = t.status();
        t.dirty = false;
      }
      statuses[i] = t.published;
    }
    snapshot = snapshot.next(++generation, clock.instant(), statuses);
    snapshotDirty = false;
  }

  /** Marks a target changed so that the next cycle publishes a snapshot. */
  public void markDirty(TargetRuntime t) {
    t.dirty = true;
    snapshotDirty = true;
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Starts the scheduler thread {@code processguard-scheduler-1}; idempotent. */
  public void start() {
    lock.lock();
    try {
      checkOpen();
      if (running) {
        return;
      }
      running = true;
      Thread t = Threads.factory("scheduler").newThread(this::loop);
      scheduler = t;
      t.start();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    long planned = ticker.read();
    while (running) {
      long before = ticker.read();
      if (before - planned > LATE_TICK_NANOS) {
        LOG.warn("scheduler cycle ran {} late: the JVM was starved or the clock jumped",
            Duration.ofNanos(before - planned));
      }
      try {
        tick();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        LOG.error("scheduler cycle failed; continuing", e);
      }
      long next = nextWakeNanos();
      long now = ticker.read();
      long park = Math.min(Math.max(next - now, 0), MAX_PARK_NANOS);
      planned = now + park;
      if (park > 0 && !completedSinceTick) {
        LockSupport.parkNanos(this, park);
      }
    }
  }

  /** Wakes the scheduler thread so that it runs a cycle now. */
  public void wakeUp() {
    completedSinceTick = true;
    Thread t = scheduler;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this ProcessGuard is closed");
    }
  }

  /** Stops the scheduler thread and the executor the engine created; idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
    } finally {
      lock.unlock();
    }
    Thread t = scheduler;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedProbeExecutor != null) {
      ownedProbeExecutor.shutdownNow();
    }
  }

  /** Returns whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Returns how many samples the named target's probes have produced, for diagnostics. */
  public long samples(String target) {
    return locked(() -> {
      TargetRuntime t = targets.get(target);
      return t == null ? 0L : t.probes.stream().mapToLong(p -> p.samples).sum();
    });
  }

  /** The sample status seen last by each probe of a target; empty if unknown. */
  public Map<String, SampleStatus> probeStatuses(String target) {
    return locked(() -> {
      Map<String, SampleStatus> out = new LinkedHashMap<>();
      TargetRuntime t = targets.get(target);
      if (t != null) {
        t.probes.forEach(p -> out.put(p.name, p.last == null ? SampleStatus.FAILED : p.last.status()));
      }
      return out;
    });
  }
}
