package io.processguard.internal;

import io.processguard.condition.Transition;

/**
 * Engine-side hook for what reacts to condition transitions (the recovery engine). Called on
 * the scheduler thread with the engine lock held.
 */
public interface Reactor {

  /** A condition of a target breached or cleared at {@code nowNanos}. */
  void onTransition(TargetRuntime target, ConditionRuntime condition, Transition transition, long nowNanos);

  /** Called once per engine cycle, after samples were applied. */
  void onTick(long nowNanos);

  /** Returns the next ticker reading at which {@link #onTick} has work, or Long.MAX_VALUE. */
  long nextWakeNanos();
}
