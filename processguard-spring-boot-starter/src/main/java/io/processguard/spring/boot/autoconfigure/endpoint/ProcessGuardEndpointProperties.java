package io.processguard.spring.boot.autoconfigure.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code processguard} actuator endpoint's settings ({@code processguard.endpoint.*}). Mutable, for binding. */
@ConfigurationProperties("processguard.endpoint")
public class ProcessGuardEndpointProperties {

  /** Whether the processguard endpoint is registered (it is served only when exposed as well). */
  private boolean enabled = true;

  /**
   * Whether writes (quarantine reset) are accepted without Spring Security on the classpath.
   * Leave false unless something else authenticates the management port.
   */
  private boolean writesEnabled = false;

  /** Role needed to read the endpoint when Spring Security is present. */
  private String viewerRole = "PROCESSGUARD_VIEWER";

  /** Role needed to write (reset a quarantine) when Spring Security is present; it may read too. */
  private String operatorRole = "PROCESSGUARD_OPERATOR";

  /** How many of the latest events the endpoint keeps. */
  private int recentEvents = RecentEvents.DEFAULT_CAPACITY;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isWritesEnabled() {
    return writesEnabled;
  }

  public void setWritesEnabled(boolean writesEnabled) {
    this.writesEnabled = writesEnabled;
  }

  public String getViewerRole() {
    return viewerRole;
  }

  public void setViewerRole(String viewerRole) {
    this.viewerRole = viewerRole;
  }

  public String getOperatorRole() {
    return operatorRole;
  }

  public void setOperatorRole(String operatorRole) {
    this.operatorRole = operatorRole;
  }

  public int getRecentEvents() {
    return recentEvents;
  }

  public void setRecentEvents(int recentEvents) {
    this.recentEvents = recentEvents;
  }
}
