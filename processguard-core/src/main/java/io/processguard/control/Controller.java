package io.processguard.control;

/**
 * A control loop that runs inside the guard's cycle, beside the recovery engine: it reads the
 * latest signals and states and acts on its own terms (the scaling controller is one).
 *
 * <p>{@link #onTick} is called once per engine cycle on the scheduler thread, with the engine's
 * lock held: it must be quick and must not block. Long work goes to an executor of its own and
 * reports back through its next tick. A controller that throws is logged and skipped for that
 * cycle.
 */
public interface Controller {

  /** Returns the controller's name, for logs. */
  String name();

  /** Runs one step of the loop. */
  void onTick(ControlContext context);

  /** Returns the ticker reading at which the controller next has work; {@link Long#MAX_VALUE} for none. */
  default long nextWakeNanos() {
    return Long.MAX_VALUE;
  }
}
