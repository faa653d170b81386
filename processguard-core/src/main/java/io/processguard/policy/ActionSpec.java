package io.processguard.policy;

import static java.util.Objects.requireNonNull;

/**
 * One action in a ladder rung, as data: its type and the registered component it names.
 *
 * @param type the kind of action
 * @param component the registered component's name (a restartable, a notifier, a custom
 *     action); empty for {@link ActionType#MARK_UNREADY}
 */
public record ActionSpec(ActionType type, String component) {

  /** The notifier an {@link #alert()} without a name goes to: ProcessGuard's log channel. */
  public static final String DEFAULT_NOTIFIER = "log";

  /** Validates. */
  public ActionSpec {
    requireNonNull(type, "type");
    requireNonNull(component, "component");
  }

  /** Restarts the registered restartable. */
  public static ActionSpec restart(String restartable) {
    return new ActionSpec(ActionType.RESTART, restartable);
  }

  /** Notifies through the registered notifier. */
  public static ActionSpec alert(String notifier) {
    return new ActionSpec(ActionType.ALERT, notifier);
  }

  /** Notifies through the default log notifier. */
  public static ActionSpec alert() {
    return alert(DEFAULT_NOTIFIER);
  }

  /** Marks the target unready until it recovers. */
  public static ActionSpec markUnready() {
    return new ActionSpec(ActionType.MARK_UNREADY, "");
  }

  /** Fences the old primary and promotes a standby through the registered failover. */
  public static ActionSpec failover(String failover) {
    return new ActionSpec(ActionType.FAILOVER, failover);
  }

  /** Runs the registered custom action. */
  public static ActionSpec custom(String action) {
    return new ActionSpec(ActionType.CUSTOM, action);
  }

  /** Describes it, such as {@code restart(checkout-workers)}. */
  public String describe() {
    String verb = type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return component.isEmpty() ? verb : verb + "(" + component + ")";
  }
}
