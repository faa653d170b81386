package io.processguard.internal;

import io.processguard.condition.Transition;
import io.processguard.event.GuardEvent;
import io.processguard.control.ControlContext;
import io.processguard.control.Controller;
import io.processguard.target.TargetStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Runs a {@link Controller} in the engine's cycle, guarded. */
public final class ControllerReactor implements Reactor {
  private final Engine engine;
  private final Controller controller;
  private final Context context = new Context();

  /** Attaches the controller to the engine. */
  public ControllerReactor(Engine engine, Controller controller) {
    this.engine = engine;
    this.controller = controller;
    engine.addReactor(this);
  }

  @Override
  public void onTransition(TargetRuntime target, ConditionRuntime condition, Transition transition, long nowNanos) {
    // Controllers poll signals each cycle; transitions are for the recovery engine.
  }

  @Override
  public void onTick(long nowNanos) {
    context.nowNanos = nowNanos;
    Guarded.run("controller " + controller.name(), () -> controller.onTick(context));
  }

  /** One context per controller, reused every cycle. */
  private final class Context implements ControlContext {
    long nowNanos;

    @Override
    public long nanoTime() {
      return nowNanos;
    }

    @Override
    public Instant now() {
      return engine.clock().instant();
    }

    @Override
    public OptionalDouble signal(String target, String signal) {
      Double v = signals(target).get(signal);
      return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    @Override
    public Map<String, Double> signals(String target) {
      TargetRuntime t = engine.runtime(target);
      return t == null ? Map.of() : t.latestValues();
    }

    @Override
    public Optional<TargetStatus> status(String target) {
      return engine.snapshot().find(target);
    }

    @Override
    public void publish(GuardEvent event) {
      engine.publish(event);
    }
  }

  @Override
  public long nextWakeNanos() {
    try {
      return controller.nextWakeNanos();
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
