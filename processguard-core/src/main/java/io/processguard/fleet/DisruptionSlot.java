package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One granted unit of the fleet's disruption budget, held while a restart or failover runs.
 *
 * <p>Immutable and thread-safe. {@code token} comes from the fleet-wide fencing sequence; a slot
 * granted by the local fallback while the store was away has token 0.
 *
 * @param pool the budget's pool
 * @param holder the instance holding it
 * @param subject what is disrupted, in words
 * @param token the fencing token, or 0 for a local slot
 * @param expiresAt when the store reclaims it if not released
 */
public record DisruptionSlot(String pool, String holder, String subject, long token, Instant expiresAt) {
  /** Validates. */
  public DisruptionSlot {
    requireNonNull(pool, "pool");
    requireNonNull(holder, "holder");
    requireNonNull(subject, "subject");
    requireNonNull(expiresAt, "expiresAt");
  }

  /** Returns whether the slot was granted locally while the store was away. */
  public boolean local() {
    return token == 0;
  }
}
