package io.processguard.config;

import io.processguard.policy.ActionSpec;
import io.processguard.policy.ActionType;
import io.processguard.policy.Policy;
import io.processguard.policy.Rule;
import io.processguard.policy.Rung;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Pure functions from a declared policy to what runs: feature flags applied, definition hashes. */
final class Effective {
  private Effective() {}

  /**
   * Applies the flags that are off: removes the action types they disable and the rules they
   * name; drops empty rungs and rules. Empty when no rule is left.
   */
  static Optional<Policy> withFlags(Policy policy, Collection<FeatureFlag> flags) {
    List<Rule> rules = new ArrayList<>();
    for (Rule rule : policy.rules()) {
      if (flags.stream().anyMatch(f -> !f.enabled() && f.rules().contains(policy.name() + "/" + rule.condition()))) {
        continue;
      }
      List<Rung> ladder = new ArrayList<>();
      for (Rung rung : rule.ladder()) {
        List<ActionSpec> actions = rung.actions().stream().filter(a -> !disabled(a.type(), flags)).toList();
        if (!actions.isEmpty()) {
          ladder.add(new Rung(actions));
        }
      }
      if (!ladder.isEmpty()) {
        rules.add(new Rule(rule.condition(), ladder, rule.verifyWithin()));
      }
    }
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Policy(policy.name(), policy.target(), policy.mode(), rules, policy.budget(),
        policy.backoff(), policy.actionTimeout(), policy.escalateTo(), policy.remediation(),
        policy.requireApproval(), policy.approvalTimeout(), policy.onBudgetExhausted()));
  }

  private static boolean disabled(ActionType type, Collection<FeatureFlag> flags) {
    for (FeatureFlag f : flags) {
      if (!f.enabled() && f.disables().contains(type)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the SHA-256 (hex) of a policy's definition and rollout: changes only when they do. */
  static String hash(Policy policy, Rollout rollout) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(policy.toString().getBytes(StandardCharsets.UTF_8));
      md.update(rollout.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
