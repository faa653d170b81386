package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import io.processguard.target.HealthSnapshot;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * When a drill must stop at once and release its fault: another target degrades, an error budget
 * is spent, or an application check says so. Checked at every poll while the fault is active.
 * Besides these, every drill aborts when a target outside its blast radius degrades, and when its
 * maximum duration passes. Immutable data.
 */
public sealed interface AbortCondition {

  /** Returns the condition in words. */
  String describe();

  /** Returns why the drill must abort now, or empty. */
  Optional<String> check(HealthSnapshot snapshot, Map<String, Double> signals);

  /** Aborts when {@code target} is DEGRADED, FAILING, RECOVERING or QUARANTINED. */
  static AbortCondition targetDegrades(String target) {
    return new TargetDegrades(target);
  }

  /** Aborts when the drill signal {@code signal} (an error count, say) reaches {@code budget}. */
  static AbortCondition errorBudget(String signal, double budget) {
    return new ErrorBudget(signal, budget);
  }

  /** Aborts when {@code check} returns true; it must be quick and must not throw. */
  static AbortCondition when(String description, BooleanSupplier check) {
    return new When(description, check);
  }

  /** Returns whether a state counts as degraded for abort purposes. */
  static boolean degraded(TargetState state) {
    return state != TargetState.HEALTHY && state != TargetState.UNKNOWN;
  }

  /**
   * Another target degrades.
   *
   * @param target the target watched
   */
  record TargetDegrades(String target) implements AbortCondition {
    /** Validates. */
    public TargetDegrades {
      Checks.name("target", target);
    }

    @Override
    public String describe() {
      return "target '" + target + "' degrades";
    }

    @Override
    public Optional<String> check(HealthSnapshot snapshot, Map<String, Double> signals) {
      Optional<TargetStatus> s = snapshot.find(target);
      return s.filter(st -> degraded(st.state()))
          .map(st -> "target '" + target + "' is " + st.state() + ": " + st.reason());
    }
  }

  /**
   * An error budget.
   *
   * @param signal a drill signal counting errors
   * @param budget the value at which the budget is spent
   */
  record ErrorBudget(String signal, double budget) implements AbortCondition {
    /** Validates. */
    public ErrorBudget {
      Checks.name("signal", signal);
    }

    @Override
    public String describe() {
      return "error budget: " + signal + " reaches " + Checks.number(budget);
    }

    @Override
    public Optional<String> check(HealthSnapshot snapshot, Map<String, Double> signals) {
      Double v = signals.get(signal);
      return v != null && v >= budget
          ? Optional.of(String.format(Locale.ROOT, "error budget spent: %s=%s (budget %s)", signal,
              Checks.number(v), Checks.number(budget)))
          : Optional.empty();
    }
  }

  /**
   * An application's own check.
   *
   * @param description what it checks, in words
   * @param condition true when the drill must abort
   */
  record When(String description, BooleanSupplier condition) implements AbortCondition {
    /** Validates. */
    public When {
      Checks.name("description", description);
      requireNonNull(condition, "condition");
    }

    @Override
    public String describe() {
      return description;
    }

    @Override
    public Optional<String> check(HealthSnapshot snapshot, Map<String, Double> signals) {
      return condition.getAsBoolean() ? Optional.of(description) : Optional.empty();
    }
  }
}
