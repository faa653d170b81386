package io.processguard.condition;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared checks and descriptions of the composite conditions. */
final class Composite {
  private Composite() {}

  static List<Condition> check(String kind, List<Condition> conditions) {
    if (conditions == null || conditions.isEmpty()) {
      throw new IllegalArgumentException(kind + " needs at least one condition, got " + conditions);
    }
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i) == null) {
        throw new IllegalArgumentException(kind + ": condition " + i + " is null");
      }
    }
    return List.copyOf(conditions);
  }

  static String describe(String joiner, List<Condition> conditions) {
    return conditions.stream()
        .map(c -> c instanceof SignalCondition ? c.describe() : "(" + c.describe() + ")")
        .collect(Collectors.joining(joiner));
  }

  static Set<String> signals(List<Condition> conditions) {
    Set<String> out = new LinkedHashSet<>();
    conditions.forEach(c -> out.addAll(c.signals()));
    return Set.copyOf(out);
  }

  static Set<String> probes(List<Condition> conditions) {
    Set<String> out = new LinkedHashSet<>();
    conditions.forEach(c -> out.addAll(c.probes()));
    return Set.copyOf(out);
  }
}
