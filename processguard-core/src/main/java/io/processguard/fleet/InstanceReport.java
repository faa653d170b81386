package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * What one instance last reported: which policy versions it runs, and when it was last heard.
 *
 * <p>Immutable and thread-safe.
 *
 * @param instanceId the instance
 * @param policyVersions policy name to the version it runs
 * @param heartbeatAt its last heartbeat, by the store's clock
 */
public record InstanceReport(String instanceId, Map<String, Long> policyVersions, Instant heartbeatAt) {
  /** Validates and copies. */
  public InstanceReport {
    requireNonNull(instanceId, "instanceId");
    policyVersions = Map.copyOf(policyVersions);
    requireNonNull(heartbeatAt, "heartbeatAt");
  }
}
