package io.processguard.config;

import static java.util.Objects.requireNonNull;

import io.processguard.policy.ActionType;
import java.util.List;
import java.util.Set;

/**
 * A named switch declared in a policy document that gates behaviours at runtime: while the flag
 * is off, the action types it {@linkplain #disables() disables} are taken out of every ladder and
 * the {@linkplain #rules() rules} it names ({@code policy/condition}) are taken out of their
 * policies. A rung left with no action and a policy left with no rule are dropped. Immutable.
 *
 * @param name the flag's name
 * @param enabled its state as declared (the reloader can override it at runtime)
 * @param description what it is for, for humans
 * @param disables action types removed while the flag is off
 * @param rules rules removed while the flag is off, as {@code policy/condition}
 */
public record FeatureFlag(String name, boolean enabled, String description, Set<ActionType> disables,
    List<String> rules) {

  /** Copies. */
  public FeatureFlag {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    disables = Set.copyOf(disables);
    rules = List.copyOf(rules);
  }

  /** Returns a copy in the given state. */
  public FeatureFlag withEnabled(boolean state) {
    return new FeatureFlag(name, state, description, disables, rules);
  }
}
