package io.processguard.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * The names of runtime components a policy document declares in its {@code components:}
 * section, so that validation without the running application can check every name a target or
 * policy uses. An empty set means "not declared": names of that kind are then not checked.
 *
 * @param probes registered probe names
 * @param restartables registered restartable names
 * @param notifiers registered notifier names ({@code log} always exists)
 * @param actions registered custom action names
 * @param failovers registered failover names
 */
public record DeclaredComponents(Set<String> probes, Set<String> restartables, Set<String> notifiers,
    Set<String> actions, Set<String> failovers) {

  /** Nothing declared. */
  public static final DeclaredComponents NONE =
      new DeclaredComponents(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

  /** Copies, sorted. */
  public DeclaredComponents {
    probes = sorted(probes);
    restartables = sorted(restartables);
    notifiers = sorted(notifiers);
    actions = sorted(actions);
    failovers = sorted(failovers);
  }

  /** Returns the union of both declarations (documents in one directory declare together). */
  public DeclaredComponents merge(DeclaredComponents other) {
    return new DeclaredComponents(union(probes, other.probes), union(restartables, other.restartables),
        union(notifiers, other.notifiers), union(actions, other.actions), union(failovers, other.failovers));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static Set<String> sorted(Set<String> names) {
    return java.util.Collections.unmodifiableSet(new TreeSet<>(names));
  }
}
