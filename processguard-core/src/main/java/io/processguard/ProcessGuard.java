package io.processguard;

import static java.util.Objects.requireNonNull;

import io.processguard.alert.AlertRouter;
import io.processguard.alert.Notifier;
import io.processguard.event.GuardEventListener;
import io.processguard.event.LoggingEventListener;
import io.processguard.internal.AlertDispatcher;
import io.processguard.internal.Components;
import io.processguard.internal.ControllerReactor;
import io.processguard.internal.Engine;
import io.processguard.internal.GuardCore;
import io.processguard.internal.RecoveryEngine;
import io.processguard.internal.RouterReactor;
import io.processguard.internal.Threads;
import io.processguard.approval.ApprovalPolicy;
import io.processguard.approval.ApprovalRequest;
import io.processguard.audit.AuditLog;
import io.processguard.policy.Capability;
import io.processguard.policy.Policy;
import io.processguard.recovery.Failover;
import io.processguard.probe.Probe;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RecoveryAction;
import io.processguard.recovery.Restartable;
import io.processguard.control.Controller;
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
 *
 * <p>File over 500 lines: it is the single public entry point, the facade and its builder; every
 * facade method is a checked one-line delegation to the engine, kept together so that the whole
 * API reads in one place.
 */
public final class ProcessGuard implements AutoCloseable {

  /** Default number of probe threads when no executor is given: 4. */
  public static final int DEFAULT_PROBE_THREADS = 4;

  /** Default capacity of the probe queue when no executor is given: 1024 runs. */
  public static final int DEFAULT_PROBE_QUEUE = 1024;

  /** Default jitter, as a fraction of each probe interval: 0.1. */
  public static final double DEFAULT_PROBE_JITTER = 0.1;

  /** Default number of action threads when no executor is given: 4. */
  public static final int DEFAULT_ACTION_THREADS = 4;

  /** Default limit of rungs running at once across all targets: 4. */
  public static final int DEFAULT_MAX_CONCURRENT_RECOVERIES = 4;

  /** Default number of closed incidents kept per target: 100. */
  public static final int DEFAULT_INCIDENT_HISTORY = 100;

  private final GuardCore core;
  private final Engine engine;
  private final boolean schedulerThread;

  private ProcessGuard(GuardCore core, boolean schedulerThread) {
    this.core = core;
    this.engine = core.engine();
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
    return engine.snapshot().find(requireNonNull(target, "target"));
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

  /**
   * Registers a policy at any time. Throws {@link io.processguard.validation.ValidationException}
   * listing every problem (unknown target, condition or component; a condition another policy
   * already handles); the guard is then unchanged.
   */
  public ProcessGuard register(Policy policy) {
    core.register(requireNonNull(policy, "policy"));
    return this;
  }

  /**
   * Replaces the whole set of registered policies at once, between two engine cycles: a cycle
   * sees either the old set or the new one, never a mix. Rules that handle the same target and
   * condition as before keep their state, so open incidents continue under the new rule. Throws
   * {@link io.processguard.validation.ValidationException} listing every problem of the new set;
   * the guard is then unchanged.
   */
  public ProcessGuard replacePolicies(List<Policy> policies) {
    core.replacePolicies(requireNonNull(policies, "policies"));
    return this;
  }

  /**
   * Replaces targets (changed or new ones; others are kept) and the whole policy set in one
   * step, between two engine cycles: a cycle sees either everything old or everything new. A
   * changed target starts afresh (conditions clear, probes rescheduled) and its open incidents are
   * closed into the history; its restart budget is kept. Throws {@link
   * io.processguard.validation.ValidationException} with every problem; the guard is then
   * unchanged. Policy reloads use it so that a threshold change in a file takes effect without a
   * restart.
   */
  public ProcessGuard replace(List<TargetSpec> targets, List<Policy> policies) {
    core.replace(requireNonNull(targets, "targets"), requireNonNull(policies, "policies"));
    return this;
  }

  /**
   * Publishes an event of one of ProcessGuard's own modules (such as a policy reload) to the
   * listeners, under the same lock as the engine's events, so listeners never run concurrently.
   */
  public void publish(io.processguard.event.GuardEvent event) {
    core.publish(requireNonNull(event, "event"));
  }

  /** Returns the registered policies. */
  public List<Policy> policies() {
    return core.policies();
  }

  /** Registers a restartable that policies can name. */
  public ProcessGuard registerRestartable(String name, Restartable restartable) {
    core.components().restartable(name, restartable);
    return this;
  }

  /** Registers a notifier that policies can name. */
  public ProcessGuard registerNotifier(String name, Notifier notifier) {
    core.components().notifier(name, notifier);
    return this;
  }

  /** Registers a custom action that policies can name. */
  public ProcessGuard registerAction(String name, RecoveryAction action) {
    core.components().action(name, action);
    return this;
  }

  /** Registers a failover that policies can name. */
  public ProcessGuard registerFailover(String name, Failover failover) {
    core.components().failover(name, failover);
    return this;
  }

  /** Returns the capabilities this guard may use (least privilege). */
  public java.util.Set<Capability> grants() {
    return core.grants();
  }

  /** Returns the approval requests waiting for an operator, oldest first. */
  public List<ApprovalRequest> pendingApprovals() {
    return core.pendingApprovals();
  }

  /** Returns recent approval requests: decided ones (the last 200), then pending ones. */
  public List<ApprovalRequest> approvals() {
    return core.approvals();
  }

  /**
   * Approves a pending request as {@code operator}; the action runs at once. Four-eyes: the
   * requester and automated identities are refused, and so is anyone outside the configured
   * approvers. Refusals are audited and published, then thrown as {@link
   * io.processguard.approval.ApprovalException}.
   */
  public ApprovalRequest approve(String requestId, String operator, String reason) {
    requireNonNull(requestId, "requestId");
    requireNonNull(reason, "reason");
    return core.approve(requestId, operator, reason);
  }

  /** Denies a pending request as {@code operator}: the action does not run and the incident is escalated. */
  public ApprovalRequest deny(String requestId, String operator, String reason) {
    requireNonNull(requestId, "requestId");
    requireNonNull(reason, "reason");
    return core.deny(requestId, operator, reason);
  }

  /** Returns a target's incidents, oldest first: the closed ones kept in history, then the open ones. */
  public List<Incident> incidents(String target) {
    return core.incidents(target);
  }

  /** Returns the targets quarantined because their restart budget is spent. */
  public List<String> quarantined() {
    return core.quarantined();
  }

  /**
   * Resets a quarantined target on an operator's word: its budget and backoff start afresh and,
   * if its condition is still breached, recovery resumes. Published as an event. Returns false
   * if the target was not quarantined.
   */
  public boolean resetQuarantine(String target, String operator, String reason) {
    requireNonNull(operator, "operator");
    requireNonNull(reason, "reason");
    return core.resetQuarantine(target, operator, reason);
  }

  /** Adds an event listener. */
  public ProcessGuard addListener(GuardEventListener listener) {
    engine.addListener(listener);
    return this;
  }

  /** Adds an observer of every probe run (the metrics binder records probe durations with it). */
  public ProcessGuard addProbeObserver(io.processguard.probe.ProbeObserver observer) {
    engine.addProbeObserver(observer);
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
    core.close();
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
    private final List<Policy> policies = new ArrayList<>();
    private final Components components = new Components();
    private @Nullable Executor actionExecutor;
    private int actionThreads = DEFAULT_ACTION_THREADS;
    private int maxConcurrentRecoveries = DEFAULT_MAX_CONCURRENT_RECOVERIES;
    private int incidentHistory = DEFAULT_INCIDENT_HISTORY;
    private boolean directAlerts;
    private final List<Controller> controllers = new ArrayList<>();
    private final List<io.processguard.probe.ProbeObserver> probeObservers = new ArrayList<>();
    private @Nullable AlertRouter alertRouter;
    private final java.util.Set<Capability> grants = java.util.EnumSet.copyOf(Capability.DEFAULT_GRANTS);
    private ApprovalPolicy approvalPolicy = ApprovalPolicy.DEFAULT;
    private @Nullable AuditLog audit;
    private io.processguard.fleet.@Nullable FleetCoordinator fleet;

    private Builder() {}

    /**
     * Makes this guard one instance of a fleet: restart and failover rungs wait for a fleet
     * permit (disruption budget, leader lease), approvals are shared (any instance's API can
     * decide; the instance that raised a request executes it, once), and every audit entry also
     * goes to the fleet trail. Without it, the guard runs alone. The guard neither starts nor
     * closes the coordinator. See {@code docs/fleet.md}.
     */
    public Builder fleet(io.processguard.fleet.FleetCoordinator coordinator) {
      this.fleet = requireNonNull(coordinator, "fleet");
      return this;
    }

    /** Grants capabilities beyond {@link Capability#DEFAULT_GRANTS} (for example failover). */
    public Builder grant(Capability... capabilities) {
      grants.addAll(List.of(capabilities));
      return this;
    }

    /** Grants exactly these capabilities and no others. */
    public Builder grantOnly(Capability... capabilities) {
      grants.clear();
      grants.addAll(List.of(capabilities));
      return this;
    }

    /** Sets who may approve; default {@link ApprovalPolicy#DEFAULT} (anyone but the requester and machines). */
    public Builder approvals(ApprovalPolicy policy) {
      this.approvalPolicy = requireNonNull(policy, "approvals");
      return this;
    }

    /**
     * Writes every decision, action, approval and operator act to this audit log, before the
     * act takes effect. If an append fails, ProcessGuard does not act (fail-closed) and says so.
     * The guard does not close the log.
     */
    public Builder audit(AuditLog log) {
      this.audit = requireNonNull(log, "audit");
      return this;
    }

    /** Registers a failover that policies can name with {@code ActionSpec.failover(name)}. */
    public Builder failover(String name, Failover failover) {
      components.failover(name, failover);
      return this;
    }

    /** Registers a custom action that needs the given capability (default: restart). */
    public Builder action(String name, Capability capability, RecoveryAction action) {
      components.action(name, action, capability);
      return this;
    }

    /**
     * Sends every alert through this router (de-duplication, grace, grouping, silences,
     * reminders, retries, rate limits). Each of its channels becomes a notifier that policies can
     * name: {@code alert("pagerduty")} goes to the router's {@code pagerduty} channel. The guard
     * drives the router's clock and closes it.
     */
    public Builder alertRouter(AlertRouter router) {
      this.alertRouter = requireNonNull(router, "alertRouter");
      return this;
    }

    /** Adds a control loop that runs in every engine cycle (for example a scaling controller). */
    public Builder controller(Controller controller) {
      controllers.add(requireNonNull(controller, "controller"));
      return this;
    }

    /** Registers a restartable that policies can name. */
    public Builder restartable(String name, Restartable restartable) {
      components.restartable(name, restartable);
      return this;
    }

    /** Registers a notifier that policies can name; {@code "log"} replaces the default log channel. */
    public Builder notifier(String name, Notifier notifier) {
      components.notifier(name, notifier);
      return this;
    }

    /** Registers a custom action that policies can name. */
    public Builder action(String name, RecoveryAction action) {
      components.action(name, action);
      return this;
    }

    /** Adds a policy to register at build time, after the targets. */
    public Builder policy(Policy policy) {
      policies.add(requireNonNull(policy, "policy"));
      return this;
    }

    /** Runs restarts and custom actions on this executor, which the guard never shuts down. */
    public Builder actionExecutor(Executor executor) {
      this.actionExecutor = requireNonNull(executor, "actionExecutor");
      return this;
    }

    /** Sets the size of the guard's own action pool; default {@link #DEFAULT_ACTION_THREADS}. */
    public Builder actionThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("actionThreads must be 1..256, got " + threads);
      }
      this.actionThreads = threads;
      return this;
    }

    /** Limits how many rungs run at once; default {@link #DEFAULT_MAX_CONCURRENT_RECOVERIES}. */
    public Builder maxConcurrentRecoveries(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRecoveries must be >= 1, got " + max);
      }
      this.maxConcurrentRecoveries = max;
      return this;
    }

    /** Sets how many closed incidents are kept per target; default {@link #DEFAULT_INCIDENT_HISTORY}. */
    public Builder incidentHistory(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("incidentHistory must be >= 1, got " + max);
      }
      this.incidentHistory = max;
      return this;
    }

    /**
     * Delivers notifications on the engine thread instead of per-channel threads. Only for
     * deterministic tests: a slow channel would then stall the engine.
     */
    public Builder directAlerts(boolean direct) {
      this.directAlerts = direct;
      return this;
    }

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

    /** Adds an observer of every probe run (probe durations for metrics). */
    public Builder probeObserver(io.processguard.probe.ProbeObserver observer) {
      probeObservers.add(requireNonNull(observer, "probeObserver"));
      return this;
    }

    /** Registers a named probe that target specs can bind by name. */
    public Builder probe(String name, Probe probe) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("probe name must not be blank, got '" + name + "'");
      }
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
      ExecutorService ownedActions = null;
      Executor actions = actionExecutor;
      if (actions == null) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(actionThreads, actionThreads, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(DEFAULT_PROBE_QUEUE), Threads.factory("action"));
        pool.allowCoreThreadTimeOut(true);
        ownedActions = pool;
        actions = pool;
      }
      // A router never blocks on submit, so it is called directly from the engine thread.
      AlertDispatcher alerts = new AlertDispatcher(components, directAlerts || alertRouter != null);
      RecoveryEngine recovery = new RecoveryEngine(engine, components, actions, alerts,
          maxConcurrentRecoveries, incidentHistory, audit, approvalPolicy);
      if (fleet != null) {
        recovery.fleet(fleet);
      }
      if (alertRouter != null) {
        new RouterReactor(engine, components, alertRouter);
      }
      GuardCore core = new GuardCore(engine, components, recovery, alerts, ownedActions, alertRouter, grants);
      try {
        if (logEvents) {
          engine.addListener(new LoggingEventListener(
              org.slf4j.LoggerFactory.getLogger(LoggingEventListener.LOGGER_NAME),
              t -> engine.snapshot().find(t).map(s -> s.target().tier().name().toLowerCase(java.util.Locale.ROOT))));
        }
        listeners.forEach(engine::addListener);
        probeObservers.forEach(engine::addProbeObserver);
        probes.forEach(engine::registerProbe);
        targets.forEach(engine::register);
        policies.forEach(core::register);
        controllers.forEach(c -> new ControllerReactor(engine, c));
        return new ProcessGuard(core, schedulerThread);
      } catch (RuntimeException e) {
        core.close();
        throw e;
      }
    }
  }
}
