package io.processguard.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.processguard.ProcessGuard;
import io.processguard.chaos.DrillRunner;
import io.processguard.metrics.ProcessGuardMetrics;
import io.processguard.spring.boot.autoconfigure.ProcessGuardAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Publishes ProcessGuard's meters to the application's {@link MeterRegistry}: the {@link
 * ProcessGuardMetrics} bean is both a guard listener (picked up by the guard) and a {@code
 * MeterBinder} (bound by Spring Boot to every registry).
 */
@AutoConfiguration(after = ProcessGuardAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ProcessGuardMetrics.class})
@ConditionalOnBean({MeterRegistry.class, ProcessGuard.class})
@ConditionalOnBooleanProperty(name = "processguard.metrics.enabled", matchIfMissing = true)
public class ProcessGuardMetricsAutoConfiguration {

  /**
   * The meters; the guard is looked up lazily, when a registry binds them, since the guard
   * itself collects this bean as a listener.
   */
  @Bean
  @ConditionalOnMissingBean
  public ProcessGuardMetrics processGuardMetrics(ObjectProvider<ProcessGuard> processGuard) {
    return ProcessGuardMetrics.of(() -> processGuard.getObject().snapshot());
  }

  /**
   * Counts drills: adds the meters as a listener of the application's {@link DrillRunner}, if
   * there is one, once every singleton exists (the runner needs the guard, which collects the
   * meters).
   */
  @Bean
  public SmartInitializingSingleton processGuardDrillMetrics(ObjectProvider<DrillRunner> drillRunner,
      ObjectProvider<ProcessGuardMetrics> metrics) {
    return () -> drillRunner.ifAvailable(runner -> metrics.ifAvailable(runner::addListener));
  }
}
