package io.processguard.spring.boot.autoconfigure.security;

import io.processguard.spring.boot.autoconfigure.endpoint.ProcessGuardEndpointProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security rules of the {@code processguard} endpoint, for an application's own {@code
 * SecurityFilterChain}: reads need the viewer or operator role, writes the operator role; CSRF
 * is off for the endpoint (it is called by tools, not browsers, and authenticates each request).
 *
 * <pre>{@code
 * @Bean @Order(1)
 * SecurityFilterChain processGuard(HttpSecurity http, ProcessGuardEndpointProperties props) throws Exception {
 *   return ProcessGuardEndpointSecurity.apply(http, props).httpBasic(withDefaults()).build();
 * }
 * }</pre>
 */
public final class ProcessGuardEndpointSecurity {
  private ProcessGuardEndpointSecurity() {}

  /** Returns the matcher of the endpoint's requests. */
  public static RequestMatcher endpoint() {
    return EndpointRequest.to("processguard");
  }

  /** Restricts {@code http} to the endpoint and adds its authorization rules; returns it. */
  public static HttpSecurity apply(HttpSecurity http, ProcessGuardEndpointProperties properties) throws Exception {
    RequestMatcher endpoint = endpoint();
    return http.securityMatcher(endpoint)
        .authorizeHttpRequests(requests -> requests
            .requestMatchers(HttpMethod.GET, "/**").hasAnyRole(properties.getViewerRole(), properties.getOperatorRole())
            .anyRequest().hasRole(properties.getOperatorRole()))
        .csrf(csrf -> csrf.ignoringRequestMatchers(endpoint));
  }
}
