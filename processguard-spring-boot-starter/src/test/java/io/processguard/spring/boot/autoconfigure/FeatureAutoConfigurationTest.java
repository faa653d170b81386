package io.processguard.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.processguard.metrics.ProcessGuardMetrics;
import io.processguard.spring.boot.autoconfigure.endpoint.ProcessGuardEndpoint;
import io.processguard.spring.boot.autoconfigure.endpoint.ProcessGuardEndpointAutoConfiguration;
import io.processguard.spring.boot.autoconfigure.health.ProcessGuardHealthAutoConfiguration;
import io.processguard.spring.boot.autoconfigure.health.ProcessGuardHealthContributor;
import io.processguard.spring.boot.autoconfigure.metrics.ProcessGuardMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The health, metrics and endpoint auto-configurations: defaults, user bean, disabled, class missing. */
class FeatureAutoConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({ProcessGuardAutoConfiguration.class, ProcessGuardHealthAutoConfiguration.class,
      MetricsAutoConfiguration.class, ProcessGuardMetricsAutoConfiguration.class,
      ProcessGuardEndpointAutoConfiguration.class})
  static class All {
    @org.springframework.context.annotation.Bean
    MeterRegistry meterRegistry() {
      return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(All.class, ManualGuard.class)
      .withPropertyValues(ProcessGuardAutoConfigurationTest.CHECKOUT)
      .withPropertyValues("management.endpoints.web.exposure.include=processguard");

  @Test
  void runWhenDefaults_shouldRegisterHealthMetricsAndEndpoint() {
    runner.run(context -> {
      assertThat(context).hasBean("processguardHealthContributor").hasSingleBean(ProcessGuardEndpoint.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("processguard.target.state").tags("target", "checkout", "state", "unknown")
          .gauge().value()).isEqualTo(1);
    });
  }

  @Test
  void runWhenTheEndpointIsNotExposed_shouldDefineNoEndpoint() {
    new ApplicationContextRunner().withUserConfiguration(All.class, ManualGuard.class).run(context ->
        assertThat(context).doesNotHaveBean(ProcessGuardEndpoint.class).hasSingleBean(ProcessGuardMetrics.class));
  }

  @Test
  void runWhenUserDefinesTheBeans_shouldBackOff() {
    ProcessGuardMetrics mine = ProcessGuardMetrics.of(() -> io.processguard.target.HealthSnapshot.empty(ManualGuard.EPOCH));
    runner.withBean("processguardHealthContributor", String.class, () -> "mine")
        .withBean(ProcessGuardMetrics.class, () -> mine)
        .run(context -> {
          assertThat(context).doesNotHaveBean(ProcessGuardHealthContributor.class);
          assertThat(context.getBean(ProcessGuardMetrics.class)).isSameAs(mine);
        });
  }

  @Test
  void runWhenFeaturesAreDisabled_shouldDefineNone() {
    runner.withPropertyValues("processguard.health.enabled=false", "processguard.metrics.enabled=false",
        "processguard.endpoint.enabled=false").run(context -> assertThat(context)
            .doesNotHaveBean(ProcessGuardHealthContributor.class)
            .doesNotHaveBean(ProcessGuardMetrics.class)
            .doesNotHaveBean(ProcessGuardEndpoint.class));
  }

  @Test
  void runWhenActuatorHealthAndMicrometerAreMissing_shouldDefineOnlyTheGuard() {
    runner.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthContributor.class, MeterRegistry.class))
        .run(context -> assertThat(context)
            .hasSingleBean(io.processguard.ProcessGuard.class)
            .doesNotHaveBean(ProcessGuardHealthContributor.class)
            .doesNotHaveBean(ProcessGuardMetrics.class)
            .doesNotHaveBean(ProcessGuardEndpoint.class));
  }
}
