package io.processguard.condition;

import java.util.List;
import java.util.Set;

/**
 * When a target counts as breached, as data: a {@link SignalCondition} on one signal or probe, or
 * an {@link AllOf} / {@link AnyOf} of others. Immutable and thread-safe; the running state lives
 * in a {@link ConditionEvaluator}.
 *
 * <pre>{@code
 * Condition leak = Condition.signal("heap.used.ratio").above(0.90)
 *     .forSamples(3)          // three bad samples in a row
 *     .clearBelow(0.75)       // hysteresis: clear only well below the trigger
 *     .clearAfter(2);         // ... for two samples in a row
 * }</pre>
 */
public sealed interface Condition permits SignalCondition, Condition.AllOf, Condition.AnyOf {

  /** Starts a threshold condition on the named signal. */
  static SignalCondition.On signal(String signal) {
    return new SignalCondition.On(signal);
  }

  /** A condition that holds while the named probe's samples are down or failed. */
  static SignalCondition probeDown(String probe) {
    return SignalCondition.of(new Trigger.ProbeDown(probe));
  }

  /** Breached while every one of the conditions is breached. */
  static Condition allOf(Condition... conditions) {
    return new AllOf(java.util.Arrays.asList(java.util.Objects.requireNonNull(conditions, "conditions")));
  }

  /** Breached while at least one of the conditions is breached. */
  static Condition anyOf(Condition... conditions) {
    return new AnyOf(java.util.Arrays.asList(java.util.Objects.requireNonNull(conditions, "conditions")));
  }

  /** Describes the condition in words, for decisions, logs and alerts. */
  String describe();

  /** Returns the signal names the condition reads. */
  Set<String> signals();

  /** Returns the probe names the condition reads directly ({@code probeDown}). */
  Set<String> probes();

  /**
   * Breached while all of its conditions are breached; clear as soon as one clears.
   *
   * @param conditions at least one
   */
  record AllOf(List<Condition> conditions) implements Condition {
    /** Validates and copies. */
    public AllOf {
      conditions = Composite.check("allOf", conditions);
    }

    @Override
    public String describe() {
      return Composite.describe(" and ", conditions);
    }

    @Override
    public Set<String> signals() {
      return Composite.signals(conditions);
    }

    @Override
    public Set<String> probes() {
      return Composite.probes(conditions);
    }
  }

  /**
   * Breached while at least one of its conditions is breached; clear when none is.
   *
   * @param conditions at least one
   */
  record AnyOf(List<Condition> conditions) implements Condition {
    /** Validates and copies. */
    public AnyOf {
      conditions = Composite.check("anyOf", conditions);
    }

    @Override
    public String describe() {
      return Composite.describe(" or ", conditions);
    }

    @Override
    public Set<String> signals() {
      return Composite.signals(conditions);
    }

    @Override
    public Set<String> probes() {
      return Composite.probes(conditions);
    }
  }
}
