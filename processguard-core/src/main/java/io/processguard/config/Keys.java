package io.processguard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key a policy document accepts, per kind of object: the one list the binder checks
 * unknown keys against and the published JSON Schema is tested against ({@code $defs/<kind>}).
 */
final class Keys {
  static final String DOCUMENT = "document";
  static final String COMPONENTS = "components";
  static final String FLAG = "flag";
  static final String TARGET = "target";
  static final String PROBE = "probe";
  static final String WATCHED = "condition";
  static final String WHEN = "when";
  static final String FLAPPING = "flapping";
  static final String CLEAR = "clear";
  static final String POLICY = "policy";
  static final String RULE = "rule";
  static final String ACTION = "action";
  static final String RESTART = "restart";
  static final String BUDGET = "budget";
  static final String BACKOFF = "backoff";
  static final String ROLLOUT = "rollout";
  static final String STEP = "step";
  static final String NORMAL = "normal";
  static final String ROLLBACK = "rollback";

  /** The threshold comparisons a signal condition (and a clear rule) may use, one at a time. */
  static final List<String> COMPARISONS = List.of("above", "atLeast", "below", "atMost");

  /** Accepted keys by object kind. */
  static final Map<String, Set<String>> BY_KIND = kinds();

  private Keys() {}

  private static Map<String, Set<String>> kinds() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put(DOCUMENT, Set.of("processguard", "version", "revision", "components", "flags", "targets", "policies"));
    m.put(COMPONENTS, Set.of("targets", "probes", "restartables", "notifiers", "actions", "failovers"));
    m.put(FLAG, Set.of("enabled", "description", "disables", "rules"));
    m.put(TARGET, Set.of("tier", "rto", "owner", "runbook", "tags", "probes", "conditions"));
    m.put(PROBE, Set.of("interval", "timeout"));
    m.put(WATCHED, Set.of("severity", "when"));
    m.put(WHEN, Set.of("signal", "above", "atLeast", "below", "atMost", "probeDown", "allOf", "anyOf",
        "forSamples", "forDuration", "flapping", "clear"));
    m.put(FLAPPING, Set.of("breaches", "window"));
    m.put(CLEAR, Set.of("above", "atLeast", "below", "atMost", "samples"));
    m.put(POLICY, Set.of("target", "mode", "rules", "restart", "actionTimeout", "escalateTo", "remediation",
        "rollout", "requireApproval", "approvalTimeout", "onBudgetExhausted"));
    m.put(RULE, Set.of("verifyWithin", "ladder"));
    m.put(ACTION, Set.of("restart", "alert", "custom", "mark-unready", "failover"));
    m.put(RESTART, Set.of("budget", "backoff"));
    m.put(BUDGET, Set.of("max", "period"));
    m.put(BACKOFF, Set.of("initial", "multiplier", "max", "jitter", "resetAfter"));
    m.put(ROLLOUT, Set.of("canary", "steps", "normal", "rollback"));
    m.put(STEP, Set.of("after", "fraction"));
    m.put(NORMAL, Set.of("actionsPerHour", "restartsPerHour"));
    m.put(ROLLBACK, Set.of("to", "page"));
    return Map.copyOf(m);
  }
}
