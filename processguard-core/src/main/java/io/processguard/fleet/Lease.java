package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A held lease: a name (a singleton action such as {@code failover:db-cluster}), its holder, a
 * fencing token and when it expires by the store's clock.
 *
 * <p>Immutable and thread-safe. Tokens come from one fleet-wide sequence, so a later holder of
 * any lease always has a larger token than an earlier one; stores reject writes that carry a
 * token other than the live lease's.
 *
 * @param name the lease's name
 * @param holder the instance holding it
 * @param token the fencing token
 * @param expiresAt when it lapses unless renewed, by the store's clock
 */
public record Lease(String name, String holder, long token, Instant expiresAt) {
  /** Validates. */
  public Lease {
    requireNonNull(name, "name");
    requireNonNull(holder, "holder");
    requireNonNull(expiresAt, "expiresAt");
  }
}
