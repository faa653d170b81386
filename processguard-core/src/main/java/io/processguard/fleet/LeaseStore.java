package io.processguard.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Leases with expiry and fencing tokens, the fleet's disruption budget, and instance heartbeats.
 *
 * <p>Expiry is judged by the store's clock (the database's {@code now()} for PostgreSQL), never
 * an instance's. Implementations are thread-safe; technical failures throw {@link
 * FleetStoreException}.
 */
public interface LeaseStore {
  /**
   * Acquires the named lease for {@code holder} if it is free, expired, or already held by
   * {@code holder} (then renewed, keeping its token). A newly acquired lease gets a new token.
   */
  Optional<Lease> tryAcquire(String name, String holder, Duration ttl);

  /** Extends a lease still held with the same token; empty when it was lost. */
  Optional<Lease> renew(Lease lease, Duration ttl);

  /** Releases a lease if still held with its token. */
  void release(Lease lease);

  /** Returns the live holder of a lease, if any. */
  Optional<Lease> holder(String name);

  /**
   * Writes {@code value} under {@code key} on behalf of the holder of lease {@code lease} with
   * {@code token}. Rejected (false) unless that token is the live lease's and is not older than
   * the token of the key's last write: a paused former holder cannot write late.
   */
  boolean fencedWrite(String lease, long token, String key, String value);

  /** Returns the value last written under a key by {@link #fencedWrite}. */
  Optional<String> fencedRead(String key);

  /**
   * Takes one slot of the disruption budget of {@code pool} for {@code holder}, or refuses and
   * says why (limit reached, rate limit reached).
   */
  SlotResult tryAcquireSlot(String pool, String holder, String subject, DisruptionBudget budget, Duration ttl);

  /**
   * Extends a slot still held (not ended, not expired) by {@code ttl} from now; empty when it
   * was lost (expired and reclaimed, or released).
   */
  Optional<DisruptionSlot> renewSlot(DisruptionSlot slot, Duration ttl);

  /** Ends a slot (idempotent). */
  void releaseSlot(DisruptionSlot slot);

  /** Returns the slots of a pool held now. */
  List<DisruptionSlot> activeSlots(String pool);

  /** Records that the instance is alive and runs these policy versions. */
  void heartbeat(String instanceId, Map<String, Long> policyVersions);

  /** Returns the instances heard from within {@code within}, by id. */
  List<InstanceReport> liveInstances(Duration within);

  /** Returns a store in this JVM's memory, judged by the system clock: the embedded default. */
  static LeaseStore inMemory() {
    return new InMemoryLeaseStore(java.time.Clock.systemUTC());
  }

  /** Returns a store in this JVM's memory judged by the given clock. */
  static LeaseStore inMemory(java.time.Clock clock) {
    return new InMemoryLeaseStore(java.util.Objects.requireNonNull(clock, "clock"));
  }

  /**
   * The answer to a slot request: the slot, or why none was granted.
   *
   * @param slot the slot granted
   * @param refusal why none was granted; empty when granted
   */
  record SlotResult(Optional<DisruptionSlot> slot, String refusal) {
    /** Validates. */
    public SlotResult {
      java.util.Objects.requireNonNull(slot, "slot");
      java.util.Objects.requireNonNull(refusal, "refusal");
    }

    /** A granted slot. */
    public static SlotResult granted(DisruptionSlot slot) {
      return new SlotResult(Optional.of(slot), "");
    }

    /** A refusal. */
    public static SlotResult refused(String why) {
      return new SlotResult(Optional.empty(), why);
    }
  }
}
