package io.processguard.target;

import static java.util.Objects.requireNonNull;

import io.processguard.condition.Condition;
import io.processguard.probe.Probe;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a guard watches on one target: the target itself, the probes bound to it and the named
 * conditions over their signals.
 *
 * <p>Immutable. Probes are named: either registered with the guard (so that policy files and
 * Spring properties can name them) or given inline here ({@link #inlineProbes()}).
 *
 * @param target the inventory entry
 * @param probes the probe bindings, at least one, unique by name
 * @param conditions the watched conditions, unique by name
 * @param inlineProbes probe instances given with the spec, by binding name
 */
public record TargetSpec(
    Target target,
    List<ProbeBinding> probes,
    List<WatchedCondition> conditions,
    Map<String, Probe> inlineProbes) {

  /** Validates every field and reports all problems at once. */
  public TargetSpec {
    requireNonNull(target, "target");
    probes = List.copyOf(requireNonNull(probes, "probes"));
    conditions = List.copyOf(requireNonNull(conditions, "conditions"));
    inlineProbes = Map.copyOf(requireNonNull(inlineProbes, "inlineProbes"));
    ValidationException.throwIfAny(validate(target, probes, conditions));
  }

  /** Starts a spec for the target. */
  public static Builder builder(Target target) {
    return new Builder(requireNonNull(target, "target"));
  }

  /** Returns the watched condition with that name, if any. */
  public java.util.Optional<WatchedCondition> findCondition(String name) {
    return conditions.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  private static List<Problem> validate(
      Target target, List<ProbeBinding> probes, List<WatchedCondition> conditions) {
    String where = "target '" + target.name() + "'";
    List<Problem> problems = new ArrayList<>();
    if (probes.isEmpty()) {
      problems.add(new Problem(where, "probes", "[]", "needs at least one probe"));
    }
    Set<String> probeNames = new HashSet<>();
    for (ProbeBinding p : probes) {
      if (!probeNames.add(p.probe())) {
        problems.add(new Problem(where, "probes", p.probe(), "duplicate probe name"));
      }
    }
    Set<String> conditionNames = new HashSet<>();
    for (int i = 0; i < conditions.size(); i++) {
      WatchedCondition c = conditions.get(i);
      if (!conditionNames.add(c.name())) {
        problems.add(new Problem(where, "conditions[" + i + "].name", c.name(), "duplicate condition name"));
      }
      for (String probe : c.condition().probes()) {
        if (!probeNames.contains(probe)) {
          problems.add(new Problem(where, "conditions[" + i + "] '" + c.name() + "'", probe,
              "names a probe that is not bound to this target (bound: " + probeNames + ")"));
        }
      }
    }
    return problems;
  }

  /** Builds a {@link TargetSpec}; not thread-safe. */
  public static final class Builder {
    private final Target target;
    private final List<ProbeBinding> probes = new ArrayList<>();
    private final List<WatchedCondition> conditions = new ArrayList<>();
    private final Map<String, Probe> inline = new LinkedHashMap<>();

    private Builder(Target target) {
      this.target = target;
    }

    /** Binds a probe registered with the guard under {@code name}, with the default timeout. */
    public Builder probe(String name, Duration interval) {
      probes.add(ProbeBinding.of(name, interval));
      return this;
    }

    /** Binds a probe registered with the guard under {@code name}. */
    public Builder probe(String name, Duration interval, Duration timeout) {
      probes.add(new ProbeBinding(name, interval, timeout));
      return this;
    }

    /** Binds a probe given here, under {@code name}, with the default timeout. */
    public Builder probe(String name, Probe probe, Duration interval) {
      return probe(name, probe, interval, ProbeBinding.of(name, interval).timeout());
    }

    /**
     * Binds a probe given here, under {@code name}. The interval comes before the timeout, as in
     * {@link #probe(String, Duration, Duration)}.
     */
    public Builder probe(String name, Probe probe, Duration interval, Duration timeout) {
      requireNonNull(probe, () -> "target '" + target.name() + "': probe '" + name + "'");
      probes.add(new ProbeBinding(name, interval, timeout));
      inline.put(name, probe);
      return this;
    }

    /** Watches a named condition. */
    public Builder condition(String name, Severity severity, Condition condition) {
      conditions.add(new WatchedCondition(name, severity, condition));
      return this;
    }

    /** Returns the spec; throws {@link ValidationException} listing every problem. */
    public TargetSpec build() {
      return new TargetSpec(target, probes, conditions, inline);
    }
  }
}
