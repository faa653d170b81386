package io.processguard.recovery;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A primary with standbys that ProcessGuard can fail over: fence the old primary, then promote a
 * standby.
 *
 * <p>ProcessGuard calls it on the action executor and serialises failovers of the same component,
 * so two triggers never interleave. The order is always: {@link #candidate()} (pre-checks), then
 * {@link #fence} of the current primary, then {@link #promote}; if the candidate is not eligible
 * or fencing fails, nothing is promoted. Together these keep the invariant <em>never two
 * primaries</em>, provided {@code fence} returns only once the old primary can no longer accept
 * writes.
 */
public interface Failover {

  /** Returns the node that is primary now. */
  String primary();

  /**
   * Chooses the standby to promote and says whether it may be promoted now: healthy and caught
   * up enough.
   */
  Candidate candidate() throws Exception;

  /** Fences the node so that it can no longer act as primary; must be idempotent. */
  void fence(String node) throws Exception;

  /** Promotes the node to primary; called only after the old primary was fenced. */
  void promote(String node) throws Exception;

  /**
   * Promotes the node to primary under a fleet leader lease: ProcessGuard calls this instead of
   * {@link #promote(String)} when the guard runs in a fleet and holds the lease {@code
   * failover:<component>}. Pass {@code token} with the writes that make the node primary, and let
   * the store reject a token older than the last one it saw (for example {@code LeaseStore.
   * fencedWrite}), so a guard that stalled past its lease cannot promote late. The default calls
   * {@link #promote(String)}.
   */
  default void promote(String node, FencingToken token) throws Exception {
    promote(node);
  }

  /**
   * The standby a failover would promote.
   *
   * @param node the standby's id
   * @param eligible whether it may be promoted now
   * @param reason why (or why not), in words, such as {@code replication lag 120 B <= 1024 B}
   * @param target a guarded target whose state must also be HEALTHY for the promotion, if any
   */
  record Candidate(String node, boolean eligible, String reason, Optional<String> target) {
    /** Validates. */
    public Candidate {
      requireNonNull(node, "node");
      requireNonNull(reason, "reason");
      requireNonNull(target, "target");
    }
  }
}
