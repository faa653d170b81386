package io.processguard.spring.boot.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Policy documents (YAML or JSON) loaded and hot-reloaded from a directory or an http(s) URL,
 * bound under {@code processguard.policy-files}.
 */
public class PolicyFilesProperties {

  /**
   * Where the policy documents are: a directory (every *.yaml, *.yml and *.json in it) or an
   * http(s) URL of one document. Unset: no policy files.
   */
  private @Nullable String location;

  /** How often the location is polled for a new version (by the SHA-256 of its bytes). */
  private Duration pollInterval = Duration.ofSeconds(30);

  /**
   * This instance's id for canary selection. Unset: the HOSTNAME environment variable, or a
   * random id.
   */
  private @Nullable String instanceId;

  public @Nullable String getLocation() {
    return location;
  }

  public void setLocation(@Nullable String location) {
    this.location = location;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public @Nullable String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(@Nullable String instanceId) {
    this.instanceId = instanceId;
  }
}
