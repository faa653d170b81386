package io.processguard.recovery;

import static java.util.Objects.requireNonNull;

/**
 * The fencing token of the fleet leader lease a failover runs under: a number from the fleet's
 * one increasing sequence, so a later holder of the lease always has a larger one. A {@link
 * Failover} passes it with the writes that make a node primary; the store behind them keeps the
 * largest token it has seen and rejects a write with a smaller one, so a guard that stalled past
 * its lease cannot write late (see {@code docs/fleet.md}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param lease the leader lease's name, such as {@code failover:cluster}
 * @param value the token; positive
 */
public record FencingToken(String lease, long value) {
  /** Validates. */
  public FencingToken {
    requireNonNull(lease, "lease");
    if (value < 1) {
      throw new IllegalArgumentException("fencing token value must be >= 1, got " + value);
    }
  }
}
