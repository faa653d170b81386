package io.processguard.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void builder_validTarget_keepsEveryField() {
    Target t = Target.builder("checkout").tier(Tier.CRITICAL).rto(Duration.ofMinutes(2))
        .owner("payments").runbook("https://runbooks.example.com/checkout").tag("team", "payments").build();
    assertThat(t.name()).isEqualTo("checkout");
    assertThat(t.tier()).isEqualTo(Tier.CRITICAL);
    assertThat(t.rto()).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.runbook().orElseThrow().toString()).isEqualTo("https://runbooks.example.com/checkout");
    assertThat(t.tags()).containsEntry("team", "payments");
  }

  @Test
  void builder_badValues_areRejectedNamingTargetAndValue() {
    assertThatThrownBy(() -> Target.builder(" ")).hasMessage("target name must not be blank, got ' '");
    assertThatThrownBy(() -> Target.builder("a b"))
        .hasMessage("target name 'a b' is invalid: use 1-128 characters of [A-Za-z0-9._:/-]");
    assertThatThrownBy(() -> Target.builder("checkout").rto(Duration.ZERO))
        .hasMessage("target 'checkout': rto must be positive, got PT0S");
    assertThatThrownBy(() -> Target.builder("checkout").rto(Duration.ofSeconds(-5)))
        .hasMessage("target 'checkout': rto must be positive, got PT-5S");
    assertThatThrownBy(() -> Target.builder("checkout").runbook("wiki/checkout"))
        .hasMessage("target 'checkout': runbook must be an absolute http(s) URL, got 'wiki/checkout'");
    assertThatThrownBy(() -> Target.builder("checkout").runbook("http://exa mple.com"))
        .hasMessageStartingWith("target 'checkout': runbook is not a valid URL, got 'http://exa mple.com'");
    assertThatThrownBy(() -> Target.builder("checkout").tag("", "x"))
        .hasMessage("target 'checkout': tag key must not be blank, got ''");
  }

  @Test
  void targetSpec_duplicatesAndUnboundProbe_areAllReported() {
    assertThatThrownBy(() -> TargetSpec.builder(Target.of("t"))
        .probe("p", () -> null, Duration.ofSeconds(1))
        .probe("p", () -> null, Duration.ofSeconds(1))
        .condition("c", Severity.WARNING, io.processguard.condition.Condition.probeDown("q"))
        .condition("c", Severity.WARNING, io.processguard.condition.Condition.signal("x").above(1))
        .build())
        .hasMessage("3 problems:\n"
            + "  - target 't': probes: duplicate probe name, got 'p'\n"
            + "  - target 't': conditions[0] 'c': names a probe that is not bound to this target (bound: [p]), got 'q'\n"
            + "  - target 't': conditions[1].name: duplicate condition name, got 'c'");
  }

  @Test
  void probeBinding_timeoutLongerThanInterval_isRejected() {
    assertThatThrownBy(() -> new ProbeBinding("p", Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .hasMessage("probe 'p': timeout must be positive and at most the interval PT1S, got PT2S");
  }

  @Test
  void healthSnapshot_toString_listsEveryTargetsStateInInventoryOrder() {
    java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
    HealthSnapshot snapshot = HealthSnapshot.of(3, at, java.util.List.of(
        new TargetStatus(Target.builder("b").tier(Tier.LOW).build(), TargetState.HEALTHY, "ok", at, true,
            java.util.List.of(), java.util.Map.of()),
        new TargetStatus(Target.builder("a").tier(Tier.CRITICAL).build(), TargetState.FAILING, "slow", at, true,
            java.util.List.of("slow"), java.util.Map.of())));
    assertThat(snapshot).hasToString(
        "HealthSnapshot[generation=3, takenAt=2026-01-01T00:00:00Z, targets={a=FAILING, b=HEALTHY}]");
    assertThat(snapshot.targets()).containsOnlyKeys("a", "b");
    assertThat(snapshot.find("a").orElseThrow().state()).isEqualTo(TargetState.FAILING);
    assertThat(snapshot.count(TargetState.HEALTHY)).isEqualTo(1);
  }
}
