package io.processguard.spring.boot.autoconfigure.health;

import io.processguard.ProcessGuard;
import io.processguard.spring.boot.autoconfigure.ProcessGuardAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code processguard} health contributor (one child per target, from the
 * snapshot) when Spring Boot's health module is present.
 */
@AutoConfiguration(after = ProcessGuardAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, ProcessGuard.class})
@ConditionalOnBean(ProcessGuard.class)
@ConditionalOnBooleanProperty(name = "processguard.health.enabled", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("processguard")
@EnableConfigurationProperties(ProcessGuardHealthProperties.class)
public class ProcessGuardHealthAutoConfiguration {

  /** The contributor; its bean name makes it {@code processguard} in the health tree. */
  @Bean
  @ConditionalOnMissingBean(name = "processguardHealthContributor")
  public ProcessGuardHealthContributor processguardHealthContributor(ProcessGuard processGuard,
      ProcessGuardHealthProperties properties) {
    return new ProcessGuardHealthContributor(processGuard, properties);
  }
}
