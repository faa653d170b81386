package io.processguard.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Policy;
import io.processguard.policy.Rung;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.recovery.Restartable;
import io.processguard.spring.boot.autoconfigure.ProcessGuardAutoConfiguration;
import io.processguard.target.Tier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** The README's application.yml, loaded exactly as printed, must configure a working guard. */
class ReadmeSpringSnippetTest {

  private static String readmeYaml() throws Exception {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Spring Boot");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  private static String[] properties(String yaml) throws Exception {
    List<PropertySource<?>> sources = new YamlPropertySourceLoader()
        .load("README", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
    List<String> out = new ArrayList<>();
    for (PropertySource<?> source : sources) {
      EnumerablePropertySource<?> e = (EnumerablePropertySource<?>) source;
      for (String name : e.getPropertyNames()) {
        out.add(name + "=" + e.getProperty(name));
      }
    }
    return out.toArray(new String[0]);
  }

  @Test
  void readmeApplicationYml_configuresTheTargetAndItsPolicy() throws Exception {
    Probe workerQueue = () -> Sample.of("queue.depth", 3);
    Restartable workers = new Restartable() {
      @Override
      public void stop(Duration timeout) { }

      @Override
      public void start() { }
    };
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ProcessGuardAutoConfiguration.class))
        .withBean("workerQueue", Probe.class, () -> workerQueue)
        .withBean("workers", Restartable.class, () -> workers)
        .withPropertyValues(properties(readmeYaml()))
        .run(context -> {
          assertThat(context).hasNotFailed();
          ProcessGuard guard = context.getBean(ProcessGuard.class);
          assertThat(guard.inventory()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("order-workers");
            assertThat(t.tier()).isEqualTo(Tier.CRITICAL);
            assertThat(t.rto()).isEqualTo(Duration.ofMinutes(2));
          });
          Policy policy = guard.policies().get(0);
          assertThat(policy.findRule("backlog").orElseThrow().ladder()).containsExactly(
              Rung.of(ActionSpec.restart("workers")), Rung.of(ActionSpec.markUnready(), ActionSpec.alert()));
          assertThat(policy.findRule("backlog").orElseThrow().verifyWithin()).isEqualTo(Duration.ofSeconds(30));
        });
  }
}
