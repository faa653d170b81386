package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Leases, slots and heartbeats in memory, judged by one clock. Thread-safe by one lock. */
final class InMemoryLeaseStore implements LeaseStore {
  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();
  private final Map<String, long[]> fencedTokens = new HashMap<>();
  private final Map<String, String> fencedValues = new HashMap<>();
  private final Map<String, List<DisruptionSlot>> slots = new HashMap<>();
  private final Map<String, ArrayDeque<Instant>> starts = new HashMap<>();
  private final Map<String, InstanceReport> instances = new TreeMap<>();
  private long tokens;

  InMemoryLeaseStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(String name, String holder, Duration ttl) {
    Instant now = clock.instant();
    Lease cur = leases.get(requireNonNull(name, "name"));
    if (cur != null && cur.expiresAt().isAfter(now) && !cur.holder().equals(holder)) {
      return Optional.empty();
    }
    long token = cur != null && cur.expiresAt().isAfter(now) ? cur.token() : ++tokens;
    Lease lease = new Lease(name, holder, token, now.plus(ttl));
    leases.put(name, lease);
    return Optional.of(lease);
  }

  @Override
  public synchronized Optional<Lease> renew(Lease lease, Duration ttl) {
    Instant now = clock.instant();
    Lease cur = leases.get(lease.name());
    if (cur == null || cur.token() != lease.token() || !cur.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    Lease renewed = new Lease(cur.name(), cur.holder(), cur.token(), now.plus(ttl));
    leases.put(cur.name(), renewed);
    return Optional.of(renewed);
  }

  @Override
  public synchronized void release(Lease lease) {
    Lease cur = leases.get(lease.name());
    if (cur != null && cur.token() == lease.token()) {
      leases.remove(lease.name());
    }
  }

  @Override
  public synchronized Optional<Lease> holder(String name) {
    Lease cur = leases.get(name);
    return cur != null && cur.expiresAt().isAfter(clock.instant()) ? Optional.of(cur) : Optional.empty();
  }

  @Override
  public synchronized boolean fencedWrite(String lease, long token, String key, String value) {
    Optional<Lease> live = holder(lease);
    long[] last = fencedTokens.computeIfAbsent(key, k -> new long[1]);
    if (live.isEmpty() || live.get().token() != token || token < last[0]) {
      return false;
    }
    last[0] = token;
    fencedValues.put(key, value);
    return true;
  }

  @Override
  public synchronized Optional<String> fencedRead(String key) {
    return Optional.ofNullable(fencedValues.get(key));
  }

  @Override
  public synchronized SlotResult tryAcquireSlot(String pool, String holder, String subject, DisruptionBudget budget,
      Duration ttl) {
    Instant now = clock.instant();
    List<DisruptionSlot> held = slots.computeIfAbsent(pool, k -> new ArrayList<>());
    held.removeIf(s -> !s.expiresAt().isAfter(now));
    int limit = budget.limit(liveInstances(Duration.ofMinutes(1)).size());
    if (held.size() >= limit) {
      return SlotResult.refused(String.format(Locale.ROOT, "%d of %d disruption slots of pool '%s' in use (%s)",
          held.size(), limit, pool, budget.describe()));
    }
    ArrayDeque<Instant> window = starts.computeIfAbsent(pool, k -> new ArrayDeque<>());
    while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(budget.period()))) {
      window.pollFirst();
    }
    if (window.size() >= budget.maxStarts()) {
      return SlotResult.refused(String.format(Locale.ROOT, "%d disruptions of pool '%s' started within %s (max %d)",
          window.size(), pool, budget.period(), budget.maxStarts()));
    }
    window.addLast(now);
    DisruptionSlot slot = new DisruptionSlot(pool, holder, subject, ++tokens, now.plus(ttl));
    held.add(slot);
    return SlotResult.granted(slot);
  }

  @Override
  public synchronized Optional<DisruptionSlot> renewSlot(DisruptionSlot slot, Duration ttl) {
    Instant now = clock.instant();
    List<DisruptionSlot> held = slots.getOrDefault(slot.pool(), new ArrayList<>());
    for (int i = 0; i < held.size(); i++) {
      DisruptionSlot s = held.get(i);
      if (s.token() == slot.token() && s.expiresAt().isAfter(now)) {
        DisruptionSlot renewed = new DisruptionSlot(s.pool(), s.holder(), s.subject(), s.token(), now.plus(ttl));
        held.set(i, renewed);
        return Optional.of(renewed);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void releaseSlot(DisruptionSlot slot) {
    List<DisruptionSlot> held = slots.get(slot.pool());
    if (held != null) {
      held.removeIf(s -> s.token() == slot.token());
    }
  }

  @Override
  public synchronized List<DisruptionSlot> activeSlots(String pool) {
    Instant now = clock.instant();
    List<DisruptionSlot> out = new ArrayList<>();
    for (DisruptionSlot s : slots.getOrDefault(pool, List.of())) {
      if (s.expiresAt().isAfter(now)) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public synchronized void heartbeat(String instanceId, Map<String, Long> policyVersions) {
    instances.put(instanceId, new InstanceReport(instanceId, new LinkedHashMap<>(policyVersions), clock.instant()));
  }

  @Override
  public synchronized List<InstanceReport> liveInstances(Duration within) {
    Instant since = clock.instant().minus(within);
    List<InstanceReport> out = new ArrayList<>();
    for (InstanceReport r : instances.values()) {
      if (r.heartbeatAt().isAfter(since)) {
        out.add(r);
      }
    }
    return out;
  }
}
