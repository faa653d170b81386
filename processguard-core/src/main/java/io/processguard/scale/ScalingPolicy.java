package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How one pool is scaled from one signal: which target's signal, held at which value, drives
 * which {@link Scalable}, within which bounds, how fast, and when producers are slowed down.
 * Data only: the target, the signal, the scalable, the gate and the notifier are named, not
 * held, so files and properties can bind to the same model as this builder.
 *
 * <pre>{@code
 * ScalingPolicy policy = ScalingPolicy.builder("aggregator-scaling", "aggregator")
 *     .signal(SignalKind.QUEUE_DEPTH, 100)          // hold queue.depth at 100
 *     .scalable("aggregator-pool")
 *     .replicas(2, 8)
 *     .scaleDownStabilization(Duration.ofMinutes(5))
 *     .backpressure("ingest-gate", Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <p><b>Recommendation</b> (Kubernetes HPA): {@code ratio = value / target} ({@link
 * TargetType#VALUE}) or {@code value / (target × current)} ({@link TargetType#AVERAGE_VALUE}).
 * When {@code |ratio − 1| ≤ tolerance} (within 1e-9, so that 110 against 100 is inside a 0.1 band
 * despite binary rounding) the recommendation is the current count. Otherwise
 * {@link Algorithm#PROPORTIONAL} gives {@code ceil(current × ratio)} (a product within 1e-9 of a
 * whole number counts as that number, so rounding noise never adds a replica; a pool at 0 counts
 * as 1), and {@link Algorithm#STEP} gives {@code current ± stepSize}. The result is then held in
 * {@code minReplicas..maxReplicas}, stabilised, limited per step, and subject to cooldown and
 * budget: see {@link ScalingController}.
 *
 * <p>Immutable and thread-safe. The builder checks each argument at once; the constructor
 * reports every problem of the whole policy in one {@link ValidationException}.
 *
 * @param name unique policy name
 * @param target the target whose signal is read
 * @param signal the signal's name, such as {@code queue.depth}
 * @param signalKind what the signal measures
 * @param targetValue the value the signal is held at; positive
 * @param targetType how the value is compared with the target
 * @param scalable the name of the scalable to resize
 * @param algorithm proportional (HPA) or fixed step
 * @param stepSize replicas per step for {@link Algorithm#STEP}; at least 1
 * @param minReplicas at least 0
 * @param maxReplicas at least {@code max(1, minReplicas)}
 * @param tolerance the band around the target where nothing changes, in [0, 1)
 * @param scaleUpStabilization window whose lowest recommendation a scale-up uses; zero or more
 * @param scaleDownStabilization window whose highest recommendation a scale-down uses; zero or more
 * @param cooldown the least time between two steps; zero or more
 * @param scaleUpLimit the most replicas one step adds
 * @param scaleDownLimit the most replicas one step removes
 * @param budget steps per period
 * @param backpressureGate the gate engaged when at max and still breached; empty for none
 * @param backpressureAfter how long at max and breached before the gate engages; zero or more
 * @param alertTo a notifier told when backpressure engages and releases; empty for none
 */
public record ScalingPolicy(
    String name,
    String target,
    String signal,
    SignalKind signalKind,
    double targetValue,
    TargetType targetType,
    String scalable,
    Algorithm algorithm,
    int stepSize,
    int minReplicas,
    int maxReplicas,
    double tolerance,
    Duration scaleUpStabilization,
    Duration scaleDownStabilization,
    Duration cooldown,
    StepLimit scaleUpLimit,
    StepLimit scaleDownLimit,
    ScaleBudget budget,
    String backpressureGate,
    Duration backpressureAfter,
    String alertTo,
    io.processguard.policy.Mode mode) {

  /** Default tolerance band, as in the HPA: 0.1. */
  public static final double DEFAULT_TOLERANCE = 0.1;
  /** Default minimum replicas: 1. */
  public static final int DEFAULT_MIN_REPLICAS = 1;
  /** Default step size for {@link Algorithm#STEP}: 1. */
  public static final int DEFAULT_STEP_SIZE = 1;
  /** Default scale-up stabilisation window, as in the HPA: zero (scale up at once). */
  public static final Duration DEFAULT_SCALE_UP_STABILIZATION = Duration.ZERO;
  /** Default scale-down stabilisation window, as in the HPA: 5 minutes. */
  public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofMinutes(5);
  /** Default cooldown after each step: 15 seconds (the HPA's sync period). */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(15);
  /** Default scale-up limit, as in the HPA: the larger of 4 replicas and 100 % per step. */
  public static final StepLimit DEFAULT_SCALE_UP_LIMIT = new StepLimit(4, 100);
  /** Default scale-down limit: 1 replica per step (deliberate and conservative). */
  public static final StepLimit DEFAULT_SCALE_DOWN_LIMIT = StepLimit.replicas(1);
  /** Default time at max and breached before backpressure engages: 10 seconds. */
  public static final Duration DEFAULT_BACKPRESSURE_AFTER = Duration.ofSeconds(10);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  private static final double ROUNDING = 1e-9;

  /** Validates every field; throws {@link ValidationException} listing all problems. */
  public ScalingPolicy {
    java.util.Objects.requireNonNull(mode, "mode");
    requireNonNull(signalKind, "signalKind");
    requireNonNull(targetType, "targetType");
    requireNonNull(algorithm, "algorithm");
    requireNonNull(scaleUpStabilization, "scaleUpStabilization");
    requireNonNull(scaleDownStabilization, "scaleDownStabilization");
    requireNonNull(cooldown, "cooldown");
    requireNonNull(scaleUpLimit, "scaleUpLimit");
    requireNonNull(scaleDownLimit, "scaleDownLimit");
    requireNonNull(budget, "budget");
    requireNonNull(backpressureGate, "backpressureGate");
    requireNonNull(backpressureAfter, "backpressureAfter");
    requireNonNull(alertTo, "alertTo");
    List<Problem> problems = new ArrayList<>();
    String where = "scaling policy '" + name + "'";
    name(problems, where, "name", name, false);
    name(problems, where, "target", target, false);
    name(problems, where, "signal", signal, false);
    name(problems, where, "scalable", scalable, false);
    name(problems, where, "backpressureGate", backpressureGate, true);
    name(problems, where, "alertTo", alertTo, true);
    check(problems, where, "targetValue", targetValue, targetValue > 0 && Double.isFinite(targetValue),
        "must be a positive finite number");
    check(problems, where, "stepSize", stepSize, stepSize >= 1, "must be >= 1");
    check(problems, where, "minReplicas", minReplicas, minReplicas >= 0, "must be >= 0");
    check(problems, where, "maxReplicas", maxReplicas, maxReplicas >= Math.max(1, minReplicas),
        "must be >= max(1, minReplicas " + minReplicas + ")");
    check(problems, where, "tolerance", tolerance, tolerance >= 0 && tolerance < 1, "must be in [0, 1)");
    notNegative(problems, where, "scaleUpStabilization", scaleUpStabilization);
    notNegative(problems, where, "scaleDownStabilization", scaleDownStabilization);
    notNegative(problems, where, "cooldown", cooldown);
    notNegative(problems, where, "backpressureAfter", backpressureAfter);
    ValidationException.throwIfAny(problems);
  }

  /** Starts a policy that scales on a signal of the named target. */
  public static Builder builder(String name, String target) {
    return new Builder(name, target);
  }

  /** Returns whether the policy engages a backpressure gate. */
  public boolean hasBackpressure() {
    return !backpressureGate.isEmpty();
  }

  /**
   * Returns the signal's ratio to its target for a pool of {@code current} replicas: above 1
   * means too little capacity.
   */
  public double ratio(int current, double value) {
    return targetType == TargetType.VALUE ? value / targetValue : value / (targetValue * Math.max(current, 1));
  }

  /** Returns whether the ratio is outside the tolerance band (an edge within 1e-9 counts as inside). */
  public boolean outsideTolerance(double ratio) {
    return Math.abs(ratio - 1.0) > tolerance + ROUNDING;
  }

  /** Returns whether the ratio is above the tolerance band: too little capacity. */
  public boolean aboveTolerance(double ratio) {
    return ratio > 1.0 + tolerance + ROUNDING;
  }

  /**
   * Returns the raw recommendation for {@code current} replicas and a signal value, before
   * bounds, stabilisation and limits: the HPA formula or a fixed step, as described above.
   */
  public int recommend(int current, double value) {
    double ratio = ratio(current, value);
    if (!outsideTolerance(ratio)) {
      return current;
    }
    if (algorithm == Algorithm.STEP) {
      long next = ratio > 1 ? (long) current + stepSize : (long) current - stepSize;
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, next));
    }
    double product = targetType == TargetType.VALUE
        ? Math.max(current, 1) * value / targetValue
        : value / targetValue;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.ceil(product - ROUNDING)));
  }

  /** Returns {@code replicas} held within {@code minReplicas..maxReplicas}. */
  public int clamp(int replicas) {
    return Math.max(minReplicas, Math.min(maxReplicas, replicas));
  }

  private static void name(List<Problem> problems, String where, String field, String value, boolean mayBeEmpty) {
    if (value == null || (!(mayBeEmpty && value.isEmpty()) && !NAME.matcher(value).matches())) {
      problems.add(new Problem(where, field, String.valueOf(value),
          (mayBeEmpty ? "must be empty or " : "must be ") + "1-128 characters of [A-Za-z0-9._:/-]"));
    }
  }

  private static void check(List<Problem> problems, String where, String field, Object value, boolean ok, String msg) {
    if (!ok) {
      problems.add(new Problem(where, field, String.valueOf(value), msg));
    }
  }

  private static void notNegative(List<Problem> problems, String where, String field, Duration value) {
    check(problems, where, field, value, !value.isNegative(), "must be zero or positive");
  }

  /** Builds a {@link ScalingPolicy}; not thread-safe. Each setter checks its argument at once. */
  public static final class Builder {
    private final String name;
    private final String target;
    private String signal = "";
    private SignalKind signalKind = SignalKind.QUEUE_DEPTH;
    private double targetValue = Double.NaN;
    private TargetType targetType = TargetType.VALUE;
    private String scalable = "";
    private Algorithm algorithm = Algorithm.PROPORTIONAL;
    private int stepSize = DEFAULT_STEP_SIZE;
    private int minReplicas = DEFAULT_MIN_REPLICAS;
    private int maxReplicas;
    private double tolerance = DEFAULT_TOLERANCE;
    private Duration scaleUpStabilization = DEFAULT_SCALE_UP_STABILIZATION;
    private Duration scaleDownStabilization = DEFAULT_SCALE_DOWN_STABILIZATION;
    private Duration cooldown = DEFAULT_COOLDOWN;
    private StepLimit scaleUpLimit = DEFAULT_SCALE_UP_LIMIT;
    private StepLimit scaleDownLimit = DEFAULT_SCALE_DOWN_LIMIT;
    private ScaleBudget budget = ScaleBudget.DEFAULT;
    private String backpressureGate = "";
    private Duration backpressureAfter = DEFAULT_BACKPRESSURE_AFTER;
    private String alertTo = "";
    private io.processguard.policy.Mode mode = io.processguard.policy.Mode.ENFORCE;

    private Builder(String name, String target) {
      this.name = name;
      this.target = target;
    }

    /** Holds the conventional signal of {@code kind} at {@code targetValue}. */
    public Builder signal(SignalKind kind, double targetValue) {
      return signal(kind, requireNonNull(kind, "kind").defaultSignal(), targetValue);
    }

    /** Holds the named signal, of the given kind, at {@code targetValue} (positive). */
    public Builder signal(SignalKind kind, String signal, double targetValue) {
      this.signalKind = requireNonNull(kind, "kind");
      if (signal == null || signal.isBlank()) {
        throw new IllegalArgumentException("signal must not be blank, got '" + signal + "'");
      }
      this.signal = signal;
      this.targetValue = positive("targetValue", targetValue);
      return this;
    }

    /** Sets how the signal is compared with the target; default {@link TargetType#VALUE}. */
    public Builder targetType(TargetType type) {
      this.targetType = requireNonNull(type, "targetType");
      return this;
    }

    /** Names the scalable to resize. */
    public Builder scalable(String scalable) {
      if (scalable == null || scalable.isBlank()) {
        throw new IllegalArgumentException("scalable must not be blank, got '" + scalable + "'");
      }
      this.scalable = scalable;
      return this;
    }

    /** Sets the bounds: {@code min >= 0} (default {@link #DEFAULT_MIN_REPLICAS}), {@code max >= max(1, min)}. */
    public Builder replicas(int min, int max) {
      if (min < 0) {
        throw new IllegalArgumentException("minReplicas must be >= 0, got " + min);
      }
      if (max < Math.max(1, min)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "maxReplicas must be >= max(1, minReplicas %d), got %d", min, max));
      }
      this.minReplicas = min;
      this.maxReplicas = max;
      return this;
    }

    /** Uses the HPA formula (the default). */
    public Builder proportional() {
      this.algorithm = Algorithm.PROPORTIONAL;
      return this;
    }

    /** Uses fixed steps of {@code size} replicas (at least 1). */
    public Builder step(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("stepSize must be >= 1, got " + size);
      }
      this.algorithm = Algorithm.STEP;
      this.stepSize = size;
      return this;
    }

    /** Sets the tolerance band, in [0, 1); default {@link #DEFAULT_TOLERANCE}. */
    public Builder tolerance(double tolerance) {
      if (!(tolerance >= 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /** Sets the scale-up stabilisation window; default {@link #DEFAULT_SCALE_UP_STABILIZATION}. */
    public Builder scaleUpStabilization(Duration window) {
      this.scaleUpStabilization = notNegative("scaleUpStabilization", window);
      return this;
    }

    /** Sets the scale-down stabilisation window; default {@link #DEFAULT_SCALE_DOWN_STABILIZATION}. */
    public Builder scaleDownStabilization(Duration window) {
      this.scaleDownStabilization = notNegative("scaleDownStabilization", window);
      return this;
    }

    /** Sets the least time between two steps; default {@link #DEFAULT_COOLDOWN}. */
    public Builder cooldown(Duration cooldown) {
      this.cooldown = notNegative("cooldown", cooldown);
      return this;
    }

    /** Sets the most replicas one step adds; default {@link #DEFAULT_SCALE_UP_LIMIT}. */
    public Builder scaleUpLimit(StepLimit limit) {
      this.scaleUpLimit = requireNonNull(limit, "scaleUpLimit");
      return this;
    }

    /** Sets the most replicas one step removes; default {@link #DEFAULT_SCALE_DOWN_LIMIT}. */
    public Builder scaleDownLimit(StepLimit limit) {
      this.scaleDownLimit = requireNonNull(limit, "scaleDownLimit");
      return this;
    }

    /** Sets the step budget; default {@link ScaleBudget#DEFAULT}. */
    public Builder budget(ScaleBudget budget) {
      this.budget = requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Engages the named gate once the pool is at its maximum and the signal has stayed outside
     * the band for {@code after} (default {@link #DEFAULT_BACKPRESSURE_AFTER}).
     */
    public Builder backpressure(String gate, Duration after) {
      if (gate == null || gate.isBlank()) {
        throw new IllegalArgumentException("backpressureGate must not be blank, got '" + gate + "'");
      }
      this.backpressureGate = gate;
      this.backpressureAfter = notNegative("backpressureAfter", after);
      return this;
    }

    /**
     * Sets the mode: {@code ENFORCE} (default) scales; {@code DRY_RUN} decides exactly as enforce
     * would, as if each step had succeeded, and publishes every decision with {@code dryRun},
     * but never scales and never closes a gate; {@code OFF} is not evaluated.
     */
    public Builder mode(io.processguard.policy.Mode mode) {
      this.mode = java.util.Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Names a notifier told when backpressure engages and releases. */
    public Builder alertTo(String notifier) {
      if (notifier == null || notifier.isBlank()) {
        throw new IllegalArgumentException("alertTo must not be blank, got '" + notifier + "'");
      }
      this.alertTo = notifier;
      return this;
    }

    /** Returns the policy; throws {@link ValidationException} listing every problem. */
    public ScalingPolicy build() {
      return new ScalingPolicy(name, target, signal, signalKind, targetValue, targetType, scalable, algorithm,
          stepSize, minReplicas, maxReplicas, tolerance, scaleUpStabilization, scaleDownStabilization, cooldown,
          scaleUpLimit, scaleDownLimit, budget, backpressureGate, backpressureAfter, alertTo, mode);
    }

    private static double positive(String field, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(field + " must be a positive finite number, got " + value);
      }
      return value;
    }

    private static Duration notNegative(String field, Duration value) {
      requireNonNull(value, field);
      if (value.isNegative()) {
        throw new IllegalArgumentException(field + " must be zero or positive, got " + value);
      }
      return value;
    }
  }
}
