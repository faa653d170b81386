package io.processguard.event;

import java.time.Instant;

/**
 * Something that happened inside a guard: an immutable record, the only thing listeners see.
 * Each concept has its own sealed family (target, recovery, watchdog, approval...).
 */
public interface GuardEvent {

  /** Returns when it happened, from the guard's clock. */
  Instant timestamp();

  /** Returns the name of the target it concerns. */
  String target();

  /** Returns a short, stable, dot-separated name of the kind of event, such as {@code target.state}. */
  String type();
}
