package io.processguard.spring.boot.autoconfigure.security;

import static org.springframework.security.config.Customizer.withDefaults;

import io.processguard.spring.boot.autoconfigure.endpoint.ProcessGuardEndpoint;
import io.processguard.spring.boot.autoconfigure.endpoint.ProcessGuardEndpointAutoConfiguration;
import io.processguard.spring.boot.autoconfigure.endpoint.ProcessGuardEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Secures the {@code processguard} endpoint when Spring Security is present and the application
 * has no {@link SecurityFilterChain} of its own: one chain for the endpoint (roles from {@code
 * processguard.endpoint.*}, HTTP Basic) and, since any chain switches Spring Boot's default off,
 * a last chain equal to Spring Boot's default (health open, everything else authenticated).
 * An application with its own chains gets neither and adds {@link ProcessGuardEndpointSecurity}
 * to them.
 */
@AutoConfiguration(after = ProcessGuardEndpointAutoConfiguration.class, beforeName = {
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"})
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class, EndpointRequest.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ProcessGuardEndpoint.class)
@ConditionalOnDefaultWebSecurity
public class ProcessGuardSecurityAutoConfiguration {

  /** The order of the endpoint's chain: before any chain that matches every request. */
  public static final int ENDPOINT_CHAIN_ORDER = 100;

  /** The endpoint's chain. */
  @Bean
  @Order(ENDPOINT_CHAIN_ORDER)
  public SecurityFilterChain processGuardEndpointSecurityFilterChain(HttpSecurity http,
      ProcessGuardEndpointProperties properties) throws Exception {
    return ProcessGuardEndpointSecurity.apply(http, properties).httpBasic(withDefaults()).build();
  }

  /** Spring Boot's default chain, which the endpoint's chain would otherwise switch off. */
  @Bean
  @Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE - 5)
  public SecurityFilterChain processGuardDefaultSecurityFilterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests
        .requestMatchers(EndpointRequest.to("health")).permitAll()
        .anyRequest().authenticated());
    http.formLogin(withDefaults());
    http.httpBasic(withDefaults());
    return http.build();
  }
}
