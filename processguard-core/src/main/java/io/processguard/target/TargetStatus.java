package io.processguard.target;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One target's entry in a {@link HealthSnapshot}: its state, why, since when, whether it takes
 * work, and the evidence at the last change.
 *
 * @param target the inventory entry
 * @param state the state
 * @param reason why it is in that state, in words
 * @param since when it entered that state
 * @param ready whether callers should send it work (a recovery action may mark it unready)
 * @param breached the names of the conditions breached now
 * @param values signal values at the last change, the evidence for {@code reason}
 */
public record TargetStatus(
    Target target,
    TargetState state,
    String reason,
    Instant since,
    boolean ready,
    List<String> breached,
    Map<String, Double> values) {

  /** Validates and copies. */
  public TargetStatus {
    requireNonNull(target, "target");
    requireNonNull(state, "state");
    requireNonNull(reason, "reason");
    requireNonNull(since, "since");
    breached = List.copyOf(breached);
    values = Map.copyOf(values);
  }

  /** Returns the target's name. */
  public String name() {
    return target.name();
  }
}
