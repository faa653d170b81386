package io.processguard.event;

/**
 * Observes a guard's events.
 *
 * <p>Called on the guard's scheduler thread, in order. A listener must be quick and must not
 * block: hand slow work (network calls) to an executor of its own. A listener that throws is
 * logged once with its name and skipped; it never breaks the engine or other listeners.
 */
@FunctionalInterface
public interface GuardEventListener {

  /** Receives one event. */
  void onEvent(GuardEvent event);
}
