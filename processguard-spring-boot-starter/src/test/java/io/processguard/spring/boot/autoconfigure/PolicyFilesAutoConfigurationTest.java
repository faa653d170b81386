package io.processguard.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.config.PolicyReloader;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Rung;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PolicyFilesAutoConfigurationTest {
  private static final String DOC = """
      processguard: 1
      revision: "r1"
      targets:
        checkout:
          tier: critical
          probes: {queueProbe: {interval: 5s}}
          conditions:
            backlog: {when: {signal: queue.depth, above: 1000, forSamples: 2}}
      policies:
        checkout-recovery:
          target: checkout
          rules: {backlog: {ladder: [{restart: workers}]}}
      """;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessGuardAutoConfiguration.class))
      .withUserConfiguration(ManualGuard.class);

  @Test
  void runWhenAPolicyDirectoryIsSet_shouldLoadItsTargetsAndPoliciesAtStartUp(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("checkout.yaml"), DOC);
    runner.withPropertyValues("processguard.policy-files.location=" + dir, "processguard.policy-files.poll-interval=1h",
            "processguard.policy-files.instance-id=i-1")
        .run(context -> {
          assertThat(context).hasNotFailed();
          ProcessGuard guard = context.getBean(ProcessGuard.class);
          assertThat(guard.inventory()).extracting(t -> t.name()).containsExactly("checkout");
          assertThat(guard.policies()).singleElement().satisfies(p -> assertThat(p.findRule("backlog").orElseThrow()
              .ladder()).containsExactly(Rung.of(ActionSpec.restart("workers"))));
          PolicyReloader reloader = context.getBean(PolicyReloader.class);
          assertThat(reloader.running().get("checkout-recovery").revision()).isEqualTo("r1");

          // a new version in the directory is applied on the next poll
          Files.writeString(dir.resolve("checkout.yaml"), DOC.replace("\"r1\"", "\"r2\"").replace("above: 1000", "above: 500"));
          assertThat(reloader.poll()).isTrue();
          assertThat(reloader.current().orElseThrow().revision()).isEqualTo("r2");
          assertThat(reloader.current().orElseThrow().findTarget("checkout").orElseThrow()
              .findCondition("backlog").orElseThrow().condition().describe()).isEqualTo("queue.depth > 500 for 2 samples");
          assertThat(guard.snapshot().find("checkout")).isPresent();
          Object view = context.getBean(io.processguard.spring.boot.autoconfigure.endpoint.EndpointSection.class).read();
          assertThat(view).asString().contains("revision=r2").contains("checkout-recovery");
        });
  }

  @Test
  void runWhenThePolicyDirectoryHasAnInvalidDocument_shouldFailNamingEveryProblem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("checkout.yaml"), DOC.replace("forSamples: 2", "forSamples: 0"));
    runner.withPropertyValues("processguard.policy-files.location=" + dir)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("processguard.policy-files.location '" + dir + "': the policy documents were not applied:")
              .hasMessageContaining("checkout.yaml:8: targets.checkout.conditions.backlog.when.forSamples: must be at least 1, got '0'");
        });
  }
}
