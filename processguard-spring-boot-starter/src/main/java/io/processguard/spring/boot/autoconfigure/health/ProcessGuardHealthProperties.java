package io.processguard.spring.boot.autoconfigure.health;

import io.processguard.target.Tier;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How ProcessGuard's targets show in {@code /actuator/health} ({@code processguard.health.*}).
 * Mutable, for binding only.
 */
@ConfigurationProperties("processguard.health")
public class ProcessGuardHealthProperties {

  /** The status a custom DEGRADED health status uses: {@value}. */
  public static final String DEGRADED = "DEGRADED";

  /** Whether the processguard health contributor is registered. */
  private boolean enabled = true;

  /**
   * Health status of a failing or quarantined target, by tier. Defaults: critical and high DOWN,
   * medium DEGRADED, low UP (a low-tier target never takes the instance out of service).
   */
  private Map<Tier, String> failingStatus = new EnumMap<>(Map.of(
      Tier.CRITICAL, "DOWN", Tier.HIGH, "DOWN", Tier.MEDIUM, DEGRADED, Tier.LOW, "UP"));

  /** Health status of a degraded or recovering target (UP for tiers whose failing status is UP). */
  private String degradedStatus = DEGRADED;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Map<Tier, String> getFailingStatus() {
    return failingStatus;
  }

  public void setFailingStatus(Map<Tier, String> failingStatus) {
    this.failingStatus = failingStatus;
  }

  public String getDegradedStatus() {
    return degradedStatus;
  }

  public void setDegradedStatus(String degradedStatus) {
    this.degradedStatus = degradedStatus;
  }
}
