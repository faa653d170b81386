package io.processguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.watchdog.Heartbeat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The code of docs/concepts.md, docs/policies.md and the heartbeat of docs/watchdogs.md, compiled and run. */
class ConceptsPoliciesSnippetsTest {

  @Test
  void concepts_conditionDsl_buildsEveryShownCondition() {
    // --- docs/concepts.md: Conditions ---
    Condition a = Condition.signal("heap.used.ratio").above(0.90).forSamples(3).clearBelow(0.75).clearAfter(2);
    Condition b = Condition.signal("latency.p99.ms").atLeast(500).forDuration(Duration.ofMinutes(2));
    Condition c = Condition.signal("replica.up").below(1).flapping(3, 10);
    Condition d = Condition.probeDown("jdbc").forSamples(2);
    Condition all = Condition.allOf(a, b);
    Condition any = Condition.anyOf(a, b);
    // ---

    assertThat(c.signals()).containsExactly("replica.up");
    assertThat(d.probes()).containsExactly("jdbc");
    assertThat(all.signals()).containsExactlyInAnyOrder("heap.used.ratio", "latency.p99.ms");
    assertThat(any.signals()).containsExactlyInAnyOrder("heap.used.ratio", "latency.p99.ms");
  }

  @Test
  void policies_builderExample_hasTheDocumentedFields() {
    // --- docs/policies.md ---
    Policy policy = Policy.builder("checkout-recovery", "checkout")
        .rule("slow", Duration.ofSeconds(30),                 // condition, verification window
            Rung.of(ActionSpec.restart("checkout-workers")),  // rung 1
            Rung.of(ActionSpec.restart("checkout-workers")),  // rung 2
            Rung.of(ActionSpec.markUnready(), ActionSpec.alert("sre"))) // rung 3
        .restartBudget(RestartBudget.of(3, Duration.ofMinutes(10)))
        .backoff(Backoff.exponential(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5)).withJitter(0.2))
        .actionTimeout(Duration.ofSeconds(30))
        .escalateTo("pagerduty")
        .remediation("If restarts do not hold, roll back the last deploy.")
        .mode(Mode.ENFORCE)
        .build();
    // ---

    assertThat(policy.rules()).singleElement().satisfies(r -> assertThat(r.ladder()).hasSize(3));
    assertThat(policy.escalateTo()).containsExactly("pagerduty");
  }

  @Test
  void watchdogs_heartbeatBinding_buildsATargetSpec() {
    Target target = Target.of("ingest");
    // --- docs/watchdogs.md: heartbeats (the loop itself is the application's) ---
    Heartbeat hb = Heartbeat.builder("ingest-loop").deadline(Duration.ofSeconds(10)).build();
    hb.watch(Thread.currentThread());
    hb.ready();
    hb.beat();
    hb.stop();

    TargetSpec spec = TargetSpec.builder(target)
        .probe("ingest-heartbeat", hb.probe(), Duration.ofSeconds(2))
        .condition("ingest-stalled", Severity.CRITICAL,
            Condition.signal("heartbeat.overdue.seconds").above(0))
        .build();
    // ---

    assertThat(spec.inlineProbes()).containsOnlyKeys("ingest-heartbeat");
    hb.close();
  }
}
