package io.processguard.chaos;

import io.processguard.target.HealthSnapshot;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One part of a drill's steady-state hypothesis: what must hold before the fault is injected and
 * again after it is released. Immutable data.
 */
public sealed interface SteadyState {

  /** Returns the check in words. */
  String describe();

  /**
   * Returns why the check does not hold, or empty if it holds.
   *
   * @param snapshot the guard's snapshot now
   * @param signals the drill's signals as last sampled (a missing signal fails a signal check)
   */
  Optional<String> violation(HealthSnapshot snapshot, Map<String, Double> signals);

  /** The target is {@link TargetState#HEALTHY} and ready. */
  static SteadyState healthy(String target) {
    return new TargetIn(target, Set.of(TargetState.HEALTHY));
  }

  /** The target is in one of these states. */
  static SteadyState targetIn(String target, TargetState first, TargetState... more) {
    return new TargetIn(target, EnumSet.of(first, more));
  }

  /** The drill signal is strictly below {@code max}. */
  static SteadyState signalBelow(String signal, double max) {
    return new SignalWithin(signal, Double.NEGATIVE_INFINITY, max);
  }

  /** The drill signal is within [{@code min}, {@code max}). */
  static SteadyState signalWithin(String signal, double min, double max) {
    return new SignalWithin(signal, min, max);
  }

  /**
   * A target's state check.
   *
   * @param target the target
   * @param states the states it may be in
   */
  record TargetIn(String target, Set<TargetState> states) implements SteadyState {
    /** Validates and copies. */
    public TargetIn {
      Checks.name("target", target);
      states = Set.copyOf(states);
      if (states.isEmpty()) {
        throw new IllegalArgumentException("states must not be empty for target '" + target + "'");
      }
    }

    @Override
    public String describe() {
      return "target '" + target + "' is " + sorted(states);
    }

    @Override
    public Optional<String> violation(HealthSnapshot snapshot, Map<String, Double> signals) {
      Optional<TargetStatus> s = snapshot.find(target);
      if (s.isEmpty()) {
        return Optional.of("target '" + target + "' is not registered with the guard");
      }
      if (!states.contains(s.get().state())) {
        return Optional.of("target '" + target + "' is " + s.get().state() + " (expected " + sorted(states)
            + "): " + s.get().reason());
      }
      if (states.equals(Set.of(TargetState.HEALTHY)) && !s.get().ready()) {
        return Optional.of("target '" + target + "' is HEALTHY but not ready");
      }
      return Optional.empty();
    }

    private static List<TargetState> sorted(Set<TargetState> states) {
      return states.stream().sorted().toList();
    }
  }

  /**
   * A signal's bounds check.
   *
   * @param signal a drill signal's name
   * @param min inclusive lower bound
   * @param max exclusive upper bound
   */
  record SignalWithin(String signal, double min, double max) implements SteadyState {
    /** Validates. */
    public SignalWithin {
      Checks.name("signal", signal);
      if (!(min < max)) {
        throw new IllegalArgumentException("signal '" + signal + "': min must be below max, got " + min + " and " + max);
      }
    }

    @Override
    public String describe() {
      return min == Double.NEGATIVE_INFINITY
          ? signal + " < " + Checks.number(max)
          : signal + " in [" + Checks.number(min) + ", " + Checks.number(max) + ")";
    }

    @Override
    public Optional<String> violation(HealthSnapshot snapshot, Map<String, Double> signals) {
      Double v = signals.get(signal);
      if (v == null) {
        return Optional.of("signal '" + signal + "' has no value (is it a drill signal, and does its probe answer?)");
      }
      if (v < min || v >= max) {
        return Optional.of(String.format(Locale.ROOT, "%s=%s, expected %s", signal, Checks.number(v), describe()));
      }
      return Optional.empty();
    }
  }
}
