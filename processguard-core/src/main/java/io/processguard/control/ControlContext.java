package io.processguard.control;

import io.processguard.event.GuardEvent;
import io.processguard.target.TargetStatus;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/** What a {@link Controller} sees and may do during one cycle. Valid only inside {@code onTick}. */
public interface ControlContext {

  /** Returns the engine ticker's reading for this cycle. */
  long nanoTime();

  /** Returns the engine clock's time. */
  Instant now();

  /** Returns the latest value of a signal of a target, from any of its probes. */
  OptionalDouble signal(String target, String signal);

  /** Returns the latest value of every signal of a target. */
  Map<String, Double> signals(String target);

  /** Returns a target's status from the current snapshot. */
  java.util.Optional<TargetStatus> status(String target);

  /** Publishes an event to the guard's listeners (logs, metrics, audit). */
  void publish(GuardEvent event);
}
