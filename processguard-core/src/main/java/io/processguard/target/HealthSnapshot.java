package io.processguard.target;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of every target at one moment: an immutable value the engine replaces whenever a
 * state changes. Reading it is one volatile read and never runs a probe; {@link #find} is one
 * hash lookup.
 *
 * <p>Design: statuses are held in inventory order in an array; a name-to-position index is shared
 * by successive snapshots as long as the set of targets does not change, so publishing a new
 * snapshot after a state change copies references, not maps (O(n) reference copies, no hashing).
 */
public final class HealthSnapshot {
  private final long generation;
  private final Instant takenAt;
  private final List<TargetStatus> inventory;
  private final Map<String, Integer> index;

  private HealthSnapshot(long generation, Instant takenAt, List<TargetStatus> inventory, Map<String, Integer> index) {
    this.generation = generation;
    this.takenAt = requireNonNull(takenAt, "takenAt");
    this.inventory = inventory;
    this.index = index;
  }

  /** Returns an empty snapshot. */
  public static HealthSnapshot empty(Instant at) {
    return new HealthSnapshot(0, at, List.of(), Map.of());
  }

  /** Builds a snapshot from statuses in any order, ordering the inventory by tier, RTO, then name. */
  public static HealthSnapshot of(long generation, Instant at, Collection<TargetStatus> statuses) {
    TargetStatus[] ordered = statuses.toArray(new TargetStatus[0]);
    Arrays.sort(ordered, (a, b) -> Target.INVENTORY_ORDER.compare(a.target(), b.target()));
    return new HealthSnapshot(generation, at, Collections.unmodifiableList(Arrays.asList(ordered)), index(ordered));
  }

  /**
   * Returns the next snapshot from statuses already in inventory order, sharing this snapshot's
   * index when the targets are the same. The array is owned by the snapshot from now on.
   */
  public HealthSnapshot next(long nextGeneration, Instant at, TargetStatus[] inventoryOrder) {
    Map<String, Integer> idx = sameTargets(inventoryOrder) ? index : index(inventoryOrder);
    return new HealthSnapshot(nextGeneration, at, Collections.unmodifiableList(Arrays.asList(inventoryOrder)), idx);
  }

  private boolean sameTargets(TargetStatus[] ordered) {
    if (ordered.length != inventory.size()) {
      return false;
    }
    for (int i = 0; i < ordered.length; i++) {
      if (!ordered[i].name().equals(inventory.get(i).name())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Integer> index(TargetStatus[] ordered) {
    Map<String, Integer> idx = new HashMap<>(ordered.length * 2);
    for (int i = 0; i < ordered.length; i++) {
      idx.put(ordered[i].name(), i);
    }
    return Collections.unmodifiableMap(idx);
  }

  /** Increases by one with every published snapshot. */
  public long generation() {
    return generation;
  }

  /** When it was published. */
  public Instant takenAt() {
    return takenAt;
  }

  /** The statuses in inventory order (tier, then RTO, then name); unmodifiable. */
  public List<TargetStatus> inventory() {
    return inventory;
  }

  /** The status of each target by name; an unmodifiable view. */
  public Map<String, TargetStatus> targets() {
    return new AbstractMap<>() {
      @Override
      public TargetStatus get(Object key) {
        Integer i = index.get(key);
        return i == null ? null : inventory.get(i);
      }

      @Override
      public boolean containsKey(Object key) {
        return index.containsKey(key);
      }

      @Override
      public Set<Entry<String, TargetStatus>> entrySet() {
        return new AbstractSet<>() {
          @Override
          public Iterator<Entry<String, TargetStatus>> iterator() {
            Iterator<TargetStatus> it = inventory.iterator();
            return new Iterator<>() {
              @Override
              public boolean hasNext() {
                return it.hasNext();
              }

              @Override
              public Entry<String, TargetStatus> next() {
                TargetStatus s = it.next();
                return Map.entry(s.name(), s);
              }
            };
          }

          @Override
          public int size() {
            return inventory.size();
          }
        };
      }
    };
  }

  /** Returns the status of the named target, if it is registered. */
  public Optional<TargetStatus> find(String target) {
    Integer i = index.get(target);
    return i == null ? Optional.empty() : Optional.of(inventory.get(i));
  }

  /** Returns how many targets are in the given state. */
  public long count(TargetState state) {
    long n = 0;
    for (TargetStatus s : inventory) {
      if (s.state() == state) {
        n++;
      }
    }
    return n;
  }

  /** Describes it with every target's state, in inventory order, such as {@code checkout=FAILING}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HealthSnapshot[generation=").append(generation).append(", takenAt=")
        .append(takenAt).append(", targets={");
    for (int i = 0; i < inventory.size(); i++) {
      TargetStatus s = inventory.get(i);
      sb.append(i == 0 ? "" : ", ").append(s.name()).append('=').append(s.state());
    }
    return sb.append("}]").toString();
  }
}
