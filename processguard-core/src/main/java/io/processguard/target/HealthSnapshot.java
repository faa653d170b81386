package io.processguard.target;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of every target at one moment: an immutable value the engine replaces whenever a
 * state changes. Reading it is one volatile read and never runs a probe.
 *
 * @param generation increases by one with every published snapshot
 * @param takenAt when it was published
 * @param targets the status of each target by name
 * @param inventory the same statuses in inventory order (tier, then RTO, then name)
 */
public record HealthSnapshot(
    long generation, Instant takenAt, Map<String, TargetStatus> targets, List<TargetStatus> inventory) {

  /** Validates and copies. */
  public HealthSnapshot {
    requireNonNull(takenAt, "takenAt");
    targets = Map.copyOf(targets);
    inventory = List.copyOf(inventory);
  }

  /** Returns an empty snapshot. */
  public static HealthSnapshot empty(Instant at) {
    return new HealthSnapshot(0, at, Map.of(), List.of());
  }

  /** Builds a snapshot from statuses, ordering the inventory. */
  public static HealthSnapshot of(long generation, Instant at, Collection<TargetStatus> statuses) {
    List<TargetStatus> ordered =
        statuses.stream()
            .sorted((a, b) -> Target.INVENTORY_ORDER.compare(a.target(), b.target()))
            .toList();
    Map<String, TargetStatus> byName = new java.util.HashMap<>();
    ordered.forEach(s -> byName.put(s.name(), s));
    return new HealthSnapshot(generation, at, byName, ordered);
  }

  /** Returns the status of the named target, if it is registered. */
  public Optional<TargetStatus> find(String target) {
    return Optional.ofNullable(targets.get(target));
  }

  /** Returns how many targets are in the given state. */
  public long count(TargetState state) {
    return inventory.stream().filter(s -> s.state() == state).count();
  }
}
