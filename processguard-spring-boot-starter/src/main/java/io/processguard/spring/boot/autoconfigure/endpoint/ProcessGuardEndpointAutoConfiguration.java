package io.processguard.spring.boot.autoconfigure.endpoint;

import io.processguard.ProcessGuard;
import io.processguard.audit.AuditLog;
import io.processguard.chaos.DrillRunner;
import io.processguard.spring.boot.autoconfigure.ProcessGuardAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@code processguard} actuator endpoint and the ring buffer of recent events it
 * serves, when the endpoint is available (enabled and exposed).
 */
@AutoConfiguration(after = ProcessGuardAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ProcessGuard.class})
@ConditionalOnBean(ProcessGuard.class)
@ConditionalOnBooleanProperty(name = "processguard.endpoint.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(ProcessGuardEndpoint.class)
@EnableConfigurationProperties(ProcessGuardEndpointProperties.class)
public class ProcessGuardEndpointAutoConfiguration {

  static final String SECURITY_CLASS = "org.springframework.security.web.SecurityFilterChain";

  /** The latest events, for the endpoint; a guard listener. */
  @Bean
  @ConditionalOnMissingBean
  public RecentEvents processGuardRecentEvents(ProcessGuardEndpointProperties properties) {
    return new RecentEvents(properties.getRecentEvents());
  }

  /**
   * The endpoint's drills, when the application defines a {@link DrillRunner} (its drills are the
   * application's; the starter adds none): a daemon thread runs what operators start.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBean(DrillRunner.class)
  public EndpointDrills processGuardEndpointDrills(DrillRunner drillRunner) {
    return new EndpointDrills(drillRunner, EndpointDrills.DEFAULT_HISTORY);
  }

  /**
   * The endpoint; writes are allowed with Spring Security present or when explicitly enabled; the
   * context's audit log, if any, is shown in the {@code audit} section, and its drills, if any,
   * in the {@code drills} section.
   */
  @Bean
  @ConditionalOnMissingBean
  public ProcessGuardEndpoint processGuardEndpoint(ProcessGuard processGuard, RecentEvents recentEvents,
      ObjectProvider<EndpointSection> sections, ProcessGuardEndpointProperties properties,
      ObjectProvider<AuditLog> auditLog, ObjectProvider<EndpointDrills> drills,
      @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
    boolean secured = ClassUtils.isPresent(SECURITY_CLASS, getClass().getClassLoader());
    return new ProcessGuardEndpoint(processGuard, recentEvents, sections.orderedStream().toList(),
        secured || properties.isWritesEnabled(), auditLog.getIfAvailable(), drills.getIfAvailable(),
        basePath + "/processguard");
  }
}
