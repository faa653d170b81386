package io.processguard.internal;

import io.processguard.policy.ActionSpec;
import io.processguard.policy.Policy;
import io.processguard.policy.Rule;
import io.processguard.policy.Rung;
import io.processguard.target.WatchedCondition;
import io.processguard.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks a policy against what is registered: its target, conditions and components. */
final class PolicyValidator {
  private PolicyValidator() {}

  static List<Problem> validate(Policy policy, Engine engine, Components components, RecoveryEngine recovery,
      java.util.Set<io.processguard.policy.Capability> grants) {
    String where = "policy '" + policy.name() + "'";
    List<Problem> problems = new ArrayList<>();
    if (recovery.policies().containsKey(policy.name())) {
      problems.add(new Problem(where, "name", policy.name(), "a policy with this name is already registered"));
    }
    for (int i = 0; i < policy.rules().size(); i++) {
      RuleState other = recovery.ruleFor(policy.target(), policy.rules().get(i).condition());
      if (other != null) {
        problems.add(new Problem(where, "rules[" + i + "].condition", policy.rules().get(i).condition(),
            "already handled by policy '" + other.policy.name() + "'"));
      }
    }
    problems.addAll(references(policy, engine, components, grants));
    return problems;
  }

  /**
   * Checks a complete replacement set: each policy's references, names unique within the set,
   * and each condition handled by one policy only. The policies registered now do not count.
   */
  static List<Problem> validateSet(List<Policy> policies, Engine engine, Components components,
      java.util.Set<io.processguard.policy.Capability> grants) {
    List<Problem> problems = new ArrayList<>();
    java.util.Map<String, String> handled = new java.util.HashMap<>();
    Set<String> names = new java.util.HashSet<>();
    for (Policy policy : policies) {
      String where = "policy '" + policy.name() + "'";
      if (!names.add(policy.name())) {
        problems.add(new Problem(where, "name", policy.name(), "a policy with this name is already in the set"));
      }
      for (int i = 0; i < policy.rules().size(); i++) {
        String condition = policy.rules().get(i).condition();
        String other = handled.putIfAbsent(policy.target() + "/" + condition, policy.name());
        if (other != null) {
          problems.add(new Problem(where, "rules[" + i + "].condition", condition,
              "already handled by policy '" + other + "'"));
        }
      }
      problems.addAll(references(policy, engine, components, grants));
    }
    return problems;
  }

  private static List<Problem> references(Policy policy, Engine engine, Components components,
      java.util.Set<io.processguard.policy.Capability> grants) {
    String where = "policy '" + policy.name() + "'";
    List<Problem> problems = new ArrayList<>();
    TargetRuntime t = engine.runtime(policy.target());
    if (t == null) {
      Set<String> names = new TreeSet<>();
      engine.runtimes().forEach(r -> names.add(r.name()));
      problems.add(new Problem(where, "target", policy.target(), "names no registered target (registered: " + names + ")"));
    }
    for (int i = 0; i < policy.rules().size(); i++) {
      Rule rule = policy.rules().get(i);
      String at = "rules[" + i + "]";
      if (t != null && t.spec().findCondition(rule.condition()).isEmpty()) {
        Set<String> watched = new TreeSet<>();
        t.spec().conditions().stream().map(WatchedCondition::name).forEach(watched::add);
        problems.add(new Problem(where, at + ".condition", rule.condition(),
            "names no condition watched on target '" + policy.target() + "' (watched: " + watched + ")"));
      }
      for (int r = 0; r < rule.ladder().size(); r++) {
        Rung rung = rule.ladder().get(r);
        for (int a = 0; a < rung.actions().size(); a++) {
          String field = at + ".ladder[" + r + "].actions[" + a + "]";
          ActionSpec action = rung.actions().get(a);
          checkComponent(where, field, action, components, problems);
          checkGrant(policy, where, field, action, components, grants, problems);
        }
      }
    }
    for (int i = 0; i < policy.escalateTo().size(); i++) {
      String n = policy.escalateTo().get(i);
      if (components.findNotifier(n).isEmpty()) {
        problems.add(new Problem(where, "escalateTo[" + i + "]", n,
            "names no registered notifier (registered: " + components.notifierNames() + ")"));
      }
    }
    return problems;
  }

  private static void checkGrant(Policy policy, String where, String field, ActionSpec action, Components components,
      java.util.Set<io.processguard.policy.Capability> grants, List<Problem> problems) {
    io.processguard.policy.Capability needed = components.capabilityOf(action);
    if (policy.mode() != io.processguard.policy.Mode.DRY_RUN && !grants.contains(needed)) {
      problems.add(new Problem(where, field, action.describe(), "needs capability " + needed
          + ", which this guard is not granted (granted: " + new java.util.TreeSet<>(grants)
          + "); grant it, or run the policy in dry-run"));
    }
  }

  private static void checkComponent(String where, String at, ActionSpec action, Components components,
      List<Problem> problems) {
    String name = action.component();
    switch (action.type()) {
      case RESTART -> {
        if (components.findRestartable(name).isEmpty()) {
          problems.add(new Problem(where, at, name,
              "names no registered restartable (registered: " + components.restartableNames() + ")"));
        }
      }
      case ALERT -> {
        if (components.findNotifier(name).isEmpty()) {
          problems.add(new Problem(where, at, name,
              "names no registered notifier (registered: " + components.notifierNames() + ")"));
        }
      }
      case CUSTOM -> {
        if (components.findAction(name).isEmpty()) {
          problems.add(new Problem(where, at, name,
              "names no registered action (registered: " + components.actionNames() + ")"));
        }
      }
      case FAILOVER -> {
        if (components.findFailover(name).isEmpty()) {
          problems.add(new Problem(where, at, name,
              "names no registered failover (registered: " + components.failoverNames() + ")"));
        }
      }
      case MARK_UNREADY -> { }
    }
  }
}
