package io.processguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of a ladder: the actions taken together when the ladder reaches it.
 *
 * @param actions at least one
 */
public record Rung(List<ActionSpec> actions) {

  /** Copies. */
  public Rung {
    actions = List.copyOf(actions);
  }

  /** Returns a rung of the given actions. */
  public static Rung of(ActionSpec... actions) {
    return new Rung(List.of(actions));
  }

  /** Returns whether any action of this rung restarts. */
  public boolean restarts() {
    return actions.stream().anyMatch(a -> a.type() == ActionType.RESTART);
  }

  /** Describes it, such as {@code mark-unready + alert(sre)}. */
  public String describe() {
    return actions.stream().map(ActionSpec::describe).collect(Collectors.joining(" + "));
  }
}
