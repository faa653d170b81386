package io.processguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Policy;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.target.ProbeBinding;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad inputs a first-time user passes to the public API: each is refused naming the place and the value. */
class AcceptanceInputsTest {
  private final ManualTicker time = new ManualTicker();
  private ProcessGuard guard;

  @AfterEach
  void close() {
    if (guard != null) {
      guard.close();
    }
  }

  private ProcessGuard manual() {
    return ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run)
        .schedulerThread(false).logEvents(false).build();
  }

  @Test
  void inlineProbe_intervalThenTimeout_bindsThemInThatOrder() {
    TargetSpec spec = TargetSpec.builder(Target.of("db"))
        .probe("jdbc", () -> Sample.of("x", 1), Duration.ofSeconds(5), Duration.ofSeconds(1))
        .build();

    assertThat(spec.probes()).containsExactly(new ProbeBinding("jdbc", Duration.ofSeconds(5), Duration.ofSeconds(1)));
  }

  @Test
  void inlineProbe_timeoutLongerThanInterval_namesTheProbeAndBothDurations() {
    assertThatThrownBy(() -> TargetSpec.builder(Target.of("db"))
        .probe("jdbc", () -> Sample.of("x", 1), Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("probe 'jdbc': timeout must be positive and at most the interval PT1S, got PT5S");
  }

  @Test
  void builderProbe_blankName_isRefusedAtOnce() {
    assertThatThrownBy(() -> ProcessGuard.builder().probe(" ", () -> Sample.of("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("probe name must not be blank, got ' '");
    assertThatThrownBy(() -> ProcessGuard.builder().probe(null, () -> Sample.of("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("probe name must not be blank, got 'null'");
  }

  @Test
  void register_nullPolicy_namesTheArgument() {
    guard = manual();
    assertThatThrownBy(() -> guard.register((Policy) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("policy");
  }

  @Test
  void status_nullTarget_namesTheArgument() {
    guard = manual();
    assertThatThrownBy(() -> guard.status(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("target");
  }

  @Test
  void replacePolicies_nullElement_namesItsIndexAndKeepsThePolicies() {
    guard = manual();
    assertThatThrownBy(() -> guard.replacePolicies(Arrays.asList((Policy) null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policies[0] must not be null");
    assertThat(guard.policies()).isEmpty();
  }

  @Test
  void allOf_nullCondition_namesItsIndex() {
    Condition ok = Condition.signal("x").above(1);
    assertThatThrownBy(() -> Condition.allOf(ok, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allOf: condition 1 is null");
    assertThatThrownBy(() -> Condition.anyOf((Condition) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("anyOf: condition 0 is null");
  }

  @Test
  void escalateTo_nullNotifier_namesThePolicyAndIndex() {
    assertThatThrownBy(() -> Policy.builder("p", "t").rule("c", Rung.of(ActionSpec.alert()))
        .escalateTo("sre", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy 'p': escalateTo[1] must name a notifier, got null");
  }
}
