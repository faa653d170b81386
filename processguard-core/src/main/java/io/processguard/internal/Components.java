package io.processguard.internal;

import static java.util.Objects.requireNonNull;

import io.processguard.alert.LoggingNotifier;
import io.processguard.alert.Notifier;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Capability;
import io.processguard.recovery.Failover;
import io.processguard.recovery.RecoveryAction;
import io.processguard.recovery.Restartable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The components policies name: restartables, notifiers and custom actions, by name. The log
 * notifier is always registered as {@value ActionSpec#DEFAULT_NOTIFIER}. Thread-safe.
 */
public final class Components {
  private final Map<String, Restartable> restartables = new ConcurrentHashMap<>();
  private final Map<String, Notifier> notifiers = new ConcurrentHashMap<>();
  private final Map<String, RecoveryAction> actions = new ConcurrentHashMap<>();
  private final Map<String, Capability> actionCapabilities = new ConcurrentHashMap<>();
  private final Map<String, Failover> failovers = new ConcurrentHashMap<>();

  /** Creates a registry holding only the log notifier. */
  public Components() {
    notifiers.put(ActionSpec.DEFAULT_NOTIFIER, new LoggingNotifier());
  }

  /** Registers a restartable; names are unique per kind. */
  public void restartable(String name, Restartable r) {
    put("restartable", restartables, name, r);
  }

  /** Registers a notifier; replaces the default log notifier if named so. */
  public void notifier(String name, Notifier n) {
    if (ActionSpec.DEFAULT_NOTIFIER.equals(name)) {
      notifiers.put(name, requireNonNull(n, "notifier"));
      return;
    }
    put("notifier", notifiers, name, n);
  }

  /** Registers a custom action that needs the default capability of custom actions (restart). */
  public void action(String name, RecoveryAction a) {
    action(name, a, io.processguard.policy.ActionType.CUSTOM.capability());
  }

  /** Registers a custom action that needs the given capability. */
  public void action(String name, RecoveryAction a, Capability capability) {
    put("action", actions, name, a);
    actionCapabilities.put(name, requireNonNull(capability, "capability"));
  }

  /** Registers a failover. */
  public void failover(String name, Failover f) {
    put("failover", failovers, name, f);
  }

  /** Finds a failover. */
  public Optional<Failover> findFailover(String name) {
    return Optional.ofNullable(failovers.get(name));
  }

  /** Returns the sorted names of the registered failovers. */
  public TreeSet<String> failoverNames() {
    return new TreeSet<>(failovers.keySet());
  }

  /** Returns the capability an action needs, resolving custom actions' declared capability. */
  public Capability capabilityOf(ActionSpec action) {
    if (action.type() == io.processguard.policy.ActionType.CUSTOM) {
      return actionCapabilities.getOrDefault(action.component(), action.type().capability());
    }
    return action.type().capability();
  }

  /** Finds a restartable. */
  public Optional<Restartable> findRestartable(String name) {
    return Optional.ofNullable(restartables.get(name));
  }

  /** Finds a notifier. */
  public Optional<Notifier> findNotifier(String name) {
    return Optional.ofNullable(notifiers.get(name));
  }

  /** Finds a custom action. */
  public Optional<RecoveryAction> findAction(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  /** Returns the sorted names of the registered restartables. */
  public TreeSet<String> restartableNames() {
    return new TreeSet<>(restartables.keySet());
  }

  /** Returns the sorted names of the registered notifiers. */
  public TreeSet<String> notifierNames() {
    return new TreeSet<>(notifiers.keySet());
  }

  /** Returns the sorted names of the registered custom actions. */
  public TreeSet<String> actionNames() {
    return new TreeSet<>(actions.keySet());
  }

  private static <T> void put(String kind, Map<String, T> map, String name, T component) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(kind + " name must not be blank, got '" + name + "'");
    }
    requireNonNull(component, () -> kind + " '" + name + "'");
    if (map.putIfAbsent(name, component) != null) {
      throw new IllegalArgumentException(kind + " '" + name + "' is already registered");
    }
  }
}
