package io.processguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
  static final Path EXAMPLE = Path.of("../docs/examples/checkout.yaml");

  static PolicyDocument load(String name, String text) {
    return PolicyLoader.parse(name, List.of(PolicyFile.of(name, text)));
  }

  static List<String> problems(String name, String text) {
    try {
      PolicyLoader.parse(name, List.of(PolicyFile.of(name, text)));
      return List.of();
    } catch (ValidationException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void load_exampleFile_bindsToTheJavaModel() {
    PolicyDocument doc = PolicyLoader.load(EXAMPLE);

    assertThat(doc.revision()).isEqualTo("2026-11-28.1");
    assertThat(doc.hash()).hasSize(64);
    assertThat(doc.targets()).hasSize(1);
    assertThat(doc.findTarget("checkout").orElseThrow().findCondition("slow").orElseThrow().condition())
        .isEqualTo(Condition.signal("checkout.latency.p99").above(0.5).forSamples(3).clearBelow(0.3).clearAfter(2));
    Policy p = doc.findPolicy("checkout-recovery").orElseThrow();
    assertThat(p.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(p.findRule("slow").orElseThrow().ladder()).containsExactly(
        Rung.of(ActionSpec.restart("checkout-workers")), Rung.of(ActionSpec.markUnready(), ActionSpec.alert("sre")));
    assertThat(p.budget()).isEqualTo(RestartBudget.of(3, Duration.ofMinutes(10)));
    assertThat(p.escalateTo()).containsExactly("sre");
    assertThat(doc.rollout("checkout-recovery").steps()).hasSize(3);
    assertThat(doc.flags()).containsKey("auto-restart");
  }

  @Test
  void parse_budgetZero_reportsFileLinePathAndHint() {
    assertThat(problems("c.yaml", """
        processguard: 1
        targets:
          t:
            probes: {p: {interval: 1s}}
            conditions:
              slow: {when: {signal: x, above: 1}}
        policies:
          pol:
            target: t
            rules:
              slow: {ladder: [alert]}
            restart:
              budget: {max: 0}
        """)).containsExactly("c.yaml:13: policies.pol.restart.budget.max: must be at least 1, got '0'");
  }
}
