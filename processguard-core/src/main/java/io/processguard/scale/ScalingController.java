package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import io.processguard.alert.Notifier;
import io.processguard.control.ControlContext;
import io.processguard.control.Controller;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop that resizes {@link Scalable}s from signals under {@link ScalingPolicy}s and
 * engages {@link Backpressure} when a pool at its maximum still falls behind. Add it to a guard
 * with {@code ProcessGuard.builder().controller(controller)}.
 *
 * <p>Each engine cycle, for each policy: report the step that finished since the last cycle
 * ({@link ScaleEvent.Scaled} or {@link ScaleEvent.ScaleFailed}) and records shed through the gate;
 * read the signal and the current size; compute the raw recommendation ({@link
 * ScalingPolicy#recommend}); stabilise it (a scale-up uses the lowest recommendation within the
 * up window, a scale-down the highest within the down window, as the Kubernetes HPA does); limit
 * the step; hold it in bounds; then hold for a running step, the cooldown or the budget, or start
 * the step on the scaling executor. A decision is published when it changes and for every step.
 * When the pool is at its maximum and the signal has stayed above the band for {@code
 * backpressureAfter}, the policy's gate closes (event, and a notification if {@code alertTo} is
 * set); it opens when the signal is back within the band.
 *
 * <p>Deterministic: the same signals at the same ticker readings give the same decisions. {@link
 * #onTick} runs on the engine thread and never blocks: {@link Scalable#scaleTo} and notifiers run
 * on the scaling executor. Thread-safe for {@link #lastDecision}; {@link #close()} stops the
 * executor it created (never one it was given) and is idempotent.
 */
public final class ScalingController implements Controller, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScalingController.class);

  /** Default name, for logs: {@code scaling}. */
  public static final String DEFAULT_NAME = "scaling";

  /** Default longest time between two evaluations when nothing else wakes the engine: 1 second. */
  public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(1);

  private final String name;
  private final Map<String, ScaleLoop> loops;
  private final @Nullable ThreadPoolExecutor owned;
  private final long intervalNanos;
  private volatile long lastTick = Long.MIN_VALUE;

  private ScalingController(String name, Map<String, ScaleLoop> loops, @Nullable ThreadPoolExecutor owned,
      Duration interval) {
    this.name = name;
    this.loops = loops;
    this.owned = owned;
    this.intervalNanos = interval.toNanos();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void onTick(ControlContext context) {
    lastTick = context.nanoTime();
    for (ScaleLoop loop : loops.values()) {
      try {
        loop.onTick(context);
      } catch (RuntimeException e) {
        LOG.atWarn().setMessage("scaling policy '{}' skipped this cycle: {}").addArgument(loop.policy().name())
            .addArgument(e.toString()).addKeyValue("processguard.component", loop.policy().name()).setCause(e).log();
      }
    }
  }

  @Override
  public long nextWakeNanos() {
    long t = lastTick;
    return t == Long.MIN_VALUE ? Long.MAX_VALUE : t + intervalNanos;
  }

  /** Returns the policies, in the order they were added. */
  public List<ScalingPolicy> policies() {
    return loops.values().stream().map(ScaleLoop::policy).toList();
  }

  /** Returns the latest decision of the named policy, with its reasons, if it made one. */
  public Optional<ScaleDecisionRecord> lastDecision(String policy) {
    ScaleLoop loop = loops.get(policy);
    return loop == null ? Optional.empty() : loop.last();
  }

  /** Stops the scaling executor if the controller created it; idempotent. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown();
    }
  }

  /** Builds a {@link ScalingController}; not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private final List<ScalingPolicy> policies = new ArrayList<>();
    private final Map<String, Scalable> scalables = new LinkedHashMap<>();
    private final Map<String, Backpressure> gates = new LinkedHashMap<>();
    private final Map<String, Notifier> notifiers = new LinkedHashMap<>();
    private @Nullable Executor executor;
    private Duration interval = DEFAULT_EVALUATION_INTERVAL;

    private Builder() {}

    /** Sets the name, for logs; default {@link #DEFAULT_NAME}. */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /** Adds a policy; its names are bound when {@link #build()} runs. */
    public Builder policy(ScalingPolicy policy) {
      requireNonNull(policy, "policy");
      if (policies.stream().anyMatch(p -> p.name().equals(policy.name()))) {
        throw new IllegalArgumentException("scaling policy '" + policy.name() + "' is already added");
      }
      policies.add(policy);
      return this;
    }

    /** Registers a scalable that policies name. */
    public Builder scalable(String name, Scalable scalable) {
      put(scalables, "scalable", name, requireNonNull(scalable, "scalable"));
      return this;
    }

    /** Registers a gate that policies name, under its own name. */
    public Builder gate(Backpressure gate) {
      requireNonNull(gate, "gate");
      put(gates, "gate", gate.name(), gate);
      return this;
    }

    /** Registers a notifier that policies name in {@code alertTo}. */
    public Builder notifier(String name, Notifier notifier) {
      put(notifiers, "notifier", name, requireNonNull(notifier, "notifier"));
      return this;
    }

    /**
     * Runs steps and notifications on this executor, which the controller never shuts down
     * (tests pass {@code Runnable::run}). Default: one daemon thread of its own, {@code
     * processguard-scale}, with a queue of 64.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /** Sets the longest time between two evaluations; positive; default {@link #DEFAULT_EVALUATION_INTERVAL}. */
    public Builder evaluationInterval(Duration interval) {
      requireNonNull(interval, "evaluationInterval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("evaluationInterval must be positive, got " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * Returns the controller; throws {@link ValidationException} listing every name a policy
     * uses that is not registered (a scalable, a gate, a notifier) and every scalable that two
     * policies would both resize.
     */
    public ScalingController build() {
      ValidationException.throwIfAny(problems());
      ThreadPoolExecutor own = null;
      Executor run = executor;
      if (run == null) {
        own = ownExecutor();
        run = own;
      }
      Map<String, ScaleLoop> loops = new LinkedHashMap<>();
      for (ScalingPolicy p : policies) {
        loops.put(p.name(), new ScaleLoop(p, scalables.get(p.scalable()),
            p.hasBackpressure() ? gates.get(p.backpressureGate()) : null,
            p.alertTo().isEmpty() ? null : notifiers.get(p.alertTo()), run));
      }
      return new ScalingController(name, loops, own, interval);
    }

    private List<Problem> problems() {
      List<Problem> problems = new ArrayList<>();
      Map<String, String> owners = new LinkedHashMap<>();
      for (ScalingPolicy p : policies) {
        String where = "scaling policy '" + p.name() + "'";
        if (!scalables.containsKey(p.scalable())) {
          problems.add(new Problem(where, "scalable", p.scalable(), "no scalable of that name is registered"));
        }
        String other = owners.putIfAbsent(p.scalable(), p.name());
        if (other != null) {
          problems.add(new Problem(where, "scalable", p.scalable(), "already resized by policy '" + other + "'"));
        }
        if (p.hasBackpressure() && !gates.containsKey(p.backpressureGate())) {
          problems.add(new Problem(where, "backpressureGate", p.backpressureGate(), "no gate of that name is registered"));
        }
        if (!p.alertTo().isEmpty() && !notifiers.containsKey(p.alertTo())) {
          problems.add(new Problem(where, "alertTo", p.alertTo(), "no notifier of that name is registered"));
        }
      }
      return problems;
    }

    private static <T> void put(Map<String, T> map, String kind, String name, T value) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(kind + " name must not be blank, got '" + name + "'");
      }
      if (map.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(kind + " '" + name + "' is already registered");
      }
    }

    private static ThreadPoolExecutor ownExecutor() {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
        Thread t = new Thread(r, "processguard-scale-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
