package io.processguard.config;

import static io.processguard.config.PolicyLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One malformed document per kind of mistake, each pinned to its exact message. */
class MalformedPolicyTest {

  /** A valid document with a hole: {@code %s} is replaced by the line(s) under test. */
  private static String doc(String targetExtra, String whenExtra, String policyExtra) {
    return """
        processguard: 1
        components:
          restartables: [workers]
          notifiers: [sre]
        targets:
          checkout:
            probes: {latency: {interval: 5s}}
        %s
            conditions:
              slow:
                when:
                  signal: p99
                  above: 0.5
        %s
        policies:
          recovery:
            target: checkout
            rules:
              slow: {ladder: [{restart: workers}]}
        %s
        """.formatted(targetExtra, whenExtra, policyExtra);
  }

  private static String policy(String extra) {
    return doc("", "", extra);
  }

  @Test
  void validDocument_hasNoProblems() {
    assertThat(problems("c.yaml", doc("", "", ""))).isEmpty();
  }

  @Test
  void unknownCapabilityInRequireApproval_listsTheCapabilities() {
    assertThat(problems("c.yaml", policy("    requireApproval: [failover, nuke]")))
        .containsExactly("c.yaml:20: policies.recovery.requireApproval[1]: must be one of [observe, alert, restart, "
            + "scale, requeue, failover, destructive], got 'nuke'");
  }

  @Test
  void unknownBudgetExhaustion_listsTheChoices() {
    assertThat(problems("c.yaml", policy("    onBudgetExhausted: panic")))
        .containsExactly("c.yaml:20: policies.recovery.onBudgetExhausted: must be one of [quarantine, "
            + "require-approval], got 'panic'");
  }

  @Test
  void approvalFieldsAndFailover_bindToThePolicy() throws Exception {
    String text = """
        processguard: 1
        components:
          failovers: [db-cluster]
        targets:
          db:
            probes: {up: {interval: 1s}}
            conditions:
              down: {severity: critical, when: {signal: db.up, below: 1, forSamples: 2}}
        policies:
          db-recovery:
            target: db
            requireApproval: [failover, destructive]
            approvalTimeout: 5m
            onBudgetExhausted: require-approval
            rules:
              down: {ladder: [{failover: db-cluster}]}
        """;
    assertThat(problems("db.yaml", text)).isEmpty();
    var policy = PolicyLoaderTest.load("db.yaml", text).policies().get(0);
    assertThat(policy.requireApproval()).containsExactlyInAnyOrder(
        io.processguard.policy.Capability.FAILOVER, io.processguard.policy.Capability.DESTRUCTIVE);
    assertThat(policy.approvalTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(policy.onBudgetExhausted()).isEqualTo(io.processguard.policy.BudgetExhaustion.REQUIRE_APPROVAL);
    assertThat(policy.rules().get(0).ladder().get(0).actions().get(0))
        .isEqualTo(io.processguard.policy.ActionSpec.failover("db-cluster"));
    assertThat(problems("db.yaml", text.replace("{failover: db-cluster}", "{failover: other}")))
        .containsExactly("db.yaml:16: policies.db-recovery.rules.down.ladder[0].failover: names no failover declared in "
            + "components.failovers [db-cluster], got 'other'");
  }

  @Test
  void missingFormatVersion_isRequired() {
    assertThat(problems("c.yaml", "targets: {}\n"))
        .containsExactly("c.yaml:1: processguard: is required: the format version, processguard: 1, got ''");
  }

  @Test
  void unsupportedFormatVersion_saysWhichIsRead() {
    assertThat(problems("c.yaml", "version: 2\n"))
        .containsExactly("c.yaml:1: version: format version 2 is not supported; this ProcessGuard reads version 1, got '2'");
  }

  @Test
  void yamlSyntaxError_reportsLine() {
    assertThat(problems("c.yaml", "processguard: 1\ntargets: [a\n")).hasSize(1)
        .allMatch(p -> p.startsWith("c.yaml:") && p.contains("(syntax): not valid YAML"));
  }

  @Test
  void jsonSyntaxError_reportsLine() {
    assertThat(problems("c.json", "{\"processguard\": 1,\n \"targets\": }\n")).hasSize(1)
        .allMatch(p -> p.startsWith("c.json:2: (syntax): not valid JSON"));
  }

  @Test
  void unknownKeyNearMiss_suggestsTheKey() {
    assertThat(problems("c.yaml", doc("", "          forSample: 3", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.forSample: unknown key; did you mean 'forSamples'?, got 'forSample'");
  }

  @Test
  void unknownKeyFarOff_listsTheAcceptedKeys() {
    assertThat(problems("c.yaml", policy("    colour: red")))
        .containsExactly("c.yaml:20: policies.recovery.colour: unknown key; expected one of [actionTimeout, "
            + "approvalTimeout, escalateTo, mode, onBudgetExhausted, remediation, requireApproval, restart, rollout, "
            + "rules, target], got 'colour'");
  }

  @Test
  void budgetMaxZero_mustBeAtLeastOne() {
    assertThat(problems("c.yaml", policy("    restart: {budget: {max: 0}}")))
        .containsExactly("c.yaml:20: policies.recovery.restart.budget.max: must be at least 1, got '0'");
  }

  @Test
  void yamlNotANumber_isAProblemNotAnException() {
    assertThat(problems("c.yaml", doc("", "          clear: {below: .nan}", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.clear.below: must be a finite number, got '.nan'");
  }

  @Test
  void yamlInfinity_isAProblemNotAnException() {
    assertThat(problems("c.yaml", doc("", "          clear: {below: -.inf}", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.clear.below: must be a finite number, got '-.inf'");
  }

  @Test
  void wholeNumberBeyondInt_saysTheUpperBound() {
    assertThat(problems("c.yaml", doc("", "          forSamples: 99999999999", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.forSamples: must be at most 2147483647, got '99999999999'");
  }

  @Test
  void wholeNumberBeyondLong_saysTheUpperBound() {
    assertThat(problems("c.yaml", doc("", "          forSamples: 99999999999999999999", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.forSamples: must be at most 2147483647, got '99999999999999999999'");
  }

  @Test
  void textWhereANameIsExpected_saysWhatWasFound() {
    assertThat(problems("c.yaml", policy("    remediation: ")))
        .containsExactly("c.yaml:20: policies.recovery.remediation: must be a text, not null, got 'null'");
  }

  @Test
  void durationWithoutUnit_asksForAUnit() {
    assertThat(problems("c.yaml", policy("    actionTimeout: 30")))
        .containsExactly("c.yaml:20: policies.recovery.actionTimeout: must be a duration with a unit, such as 30s, 5m or 1h, not a number, got '30'");
  }

  @Test
  void durationGarbled_showsTheForms() {
    assertThat(problems("c.yaml", policy("    actionTimeout: 30 secs")))
        .containsExactly("c.yaml:20: policies.recovery.actionTimeout: must be a duration such as 500ms, 30s, 5m, 1h, 1d or PT30S, got '30 secs'");
  }

  @Test
  void unknownMode_listsTheModes() {
    assertThat(problems("c.yaml", policy("    mode: shadow")))
        .containsExactly("c.yaml:20: policies.recovery.mode: must be one of [off, dry-run, enforce], got 'shadow'");
  }

  @Test
  void policyNamingUndefinedTarget_isReported() {
    assertThat(problems("c.yaml", doc("", "", "").replace("target: checkout", "target: cart")))
        .containsExactly("c.yaml:17: policies.recovery.target: names no target defined in the documents [checkout] "
            + "or declared in components.targets [], got 'cart'");
  }

  @Test
  void ruleNamingUndefinedCondition_listsTheConditions() {
    assertThat(problems("c.yaml", doc("", "", "").replace("slow: {ladder", "fast: {ladder")))
        .containsExactly("c.yaml:19: policies.recovery.rules.fast: names no condition of target 'checkout' [slow], got 'fast'");
  }

  @Test
  void undeclaredRestartable_listsTheDeclaredOnes() {
    assertThat(problems("c.yaml", doc("", "", "").replace("{restart: workers}", "{restart: wrokers}")))
        .containsExactly("c.yaml:19: policies.recovery.rules.slow.ladder[0].restart: names no restartable declared "
            + "in components.restartables [workers], got 'wrokers'");
  }

  @Test
  void undeclaredNotifierInEscalation_isReported() {
    assertThat(problems("c.yaml", policy("    escalateTo: [sre, pager]")))
        .containsExactly("c.yaml:20: policies.recovery.escalateTo[1]: names no notifier declared in components.notifiers [sre], got 'pager'");
  }

  @Test
  void twoThresholds_suggestAllOf() {
    assertThat(problems("c.yaml", doc("", "          below: 0.1", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.below: only one threshold per condition, "
            + "already given above; use allOf for a band, got 'below'");
  }

  @Test
  void contradictingClearRule_isExplained() {
    assertThat(problems("c.yaml", doc("", "          clear: {above: 0.7}", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.clear.above: clear rule 'p99 > 0.7' contradicts "
            + "the trigger: a value would both breach and clear; use the opposite direction at or beyond the trigger "
            + "threshold, got '0.7'");
  }

  @Test
  void flapBreachesAboveWindow_isReported() {
    assertThat(problems("c.yaml", doc("", "          flapping: {breaches: 5, window: 3}", "")))
        .containsExactly("c.yaml:14: targets.checkout.conditions.slow.when.flapping.breaches: must be at most the window (3), got '5'");
  }

  @Test
  void probeDownOnUnboundProbe_listsTheBoundProbes() {
    String d = doc("", "", "").replace("signal: p99\n          above: 0.5", "probeDown: heartbeat");
    assertThat(problems("c.yaml", d))
        .containsExactly("c.yaml:12: targets.checkout.conditions.slow.when.probeDown: names a probe not bound to this "
            + "target (bound: [latency]), got 'heartbeat'");
  }

  @Test
  void probeTimeoutAboveInterval_isReported() {
    String d = doc("", "", "").replace("{interval: 5s}", "{interval: 5s, timeout: 10s}");
    assertThat(problems("c.yaml", d))
        .containsExactly("c.yaml:7: targets.checkout.probes.latency.timeout: must be at most the interval 5s, got '10s'");
  }

  @Test
  void unknownTier_listsTheTiers() {
    assertThat(problems("c.yaml", doc("    tier: urgent", "", "")))
        .containsExactly("c.yaml:8: targets.checkout.tier: must be one of [critical, high, medium, low], got 'urgent'");
  }

  @Test
  void emptyLadder_needsARung() {
    assertThat(problems("c.yaml", doc("", "", "").replace("[{restart: workers}]", "[]")))
        .containsExactly("c.yaml:19: policies.recovery.rules.slow.ladder: must be a list of at least one rung, got 'a list'");
  }

  @Test
  void actionWithoutComponent_showsTheForm() {
    assertThat(problems("c.yaml", doc("", "", "").replace("[{restart: workers}]", "[restart]")))
        .containsExactly("c.yaml:19: policies.recovery.rules.slow.ladder[0]: restart needs a component name, as in "
            + "'restart: name', got 'restart'");
  }

  @Test
  void backoffMaxBelowInitial_isReported() {
    assertThat(problems("c.yaml", policy("    restart: {backoff: {initial: 10s, max: 5s}}")))
        .containsExactly("c.yaml:20: policies.recovery.restart.backoff.max: must be at least initial (10s), got '5s'");
  }

  @Test
  void jitterOfOne_isOutOfRange() {
    assertThat(problems("c.yaml", policy("    restart: {backoff: {jitter: 1}}")))
        .containsExactly("c.yaml:20: policies.recovery.restart.backoff.jitter: must be at least 0 and below 1, got '1'");
  }

  @Test
  void canaryAboveOne_isOutOfRange() {
    assertThat(problems("c.yaml", policy("    rollout: {canary: 1.5}")))
        .containsExactly("c.yaml:20: policies.recovery.rollout.canary: must be between 0 and 1, got '1.5'");
  }

  @Test
  void rolloutOnDryRunPolicy_needsEnforce() {
    assertThat(problems("c.yaml", policy("    mode: dry-run\n    rollout: {canary: 0.1}")))
        .containsExactly("c.yaml:16: policies.recovery.rollout: a rollout stages enforcement: it needs mode enforce, got 'dry-run'");
  }

  @Test
  void stepsOutOfOrder_areReported() {
    assertThat(problems("c.yaml", policy("    rollout:\n      steps: [{after: 1h, fraction: 0.5}, {after: 10m, fraction: 1}]")))
        .containsExactly("c.yaml:21: policies.recovery.rollout.steps[1].after: must be later than the previous step (1h), got '10m'");
  }

  @Test
  void rollbackWithoutNormal_needsNormal() {
    assertThat(problems("c.yaml", policy("    rollout: {canary: 0.1, rollback: {to: dry-run}}")))
        .containsExactly("c.yaml:20: policies.recovery.rollout.rollback: needs rollout.normal: a rollback is triggered by "
            + "an action rate above normal, got 'a map'");
  }

  @Test
  void duplicateKey_pointsToTheFirst() {
    assertThat(problems("c.yaml", policy("    mode: enforce\n    mode: off")))
        .containsExactly("c.yaml:21: policies.recovery.mode: duplicate key: first given on line 20, got 'mode'");
  }

  @Test
  void flagNamingUndefinedRule_isReported() {
    String d = doc("", "", "").replace("components:", "flags:\n  f: {rules: [recovery/fast]}\ncomponents:");
    assertThat(problems("c.yaml", d))
        .containsExactly("c.yaml:3: flags.f.rules: names no rule (policy/condition) defined in the documents, got 'recovery/fast'");
  }

  @Test
  void conditionHandledTwice_namesTheFirstPolicy() {
    String d = doc("", "", "") + "  again:\n    target: checkout\n    rules:\n      slow: {ladder: [alert]}\n";
    assertThat(problems("c.yaml", d))
        .containsExactly("c.yaml:24: policies.again.rules.slow: condition 'slow' of target 'checkout' is already handled "
            + "by policy 'recovery', got 'slow'");
  }

  @Test
  void manyMistakes_areAllReportedAtOnce() {
    assertThat(problems("c.yaml", policy("    mode: shadow\n    actionTimeout: 0s\n    restart: {budget: {max: 0}}")))
        .containsExactly(
            "c.yaml:20: policies.recovery.mode: must be one of [off, dry-run, enforce], got 'shadow'",
            "c.yaml:22: policies.recovery.restart.budget.max: must be at least 1, got '0'",
            "c.yaml:21: policies.recovery.actionTimeout: must be a positive duration, got '0s'");
  }
}
