package io.processguard.chaos;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A place in application code where a drill may inject latency, failures, hangs or a memory leak:
 * a worker calls it once per unit of work, and it does nothing (one volatile read) unless a drill
 * has armed it.
 *
 * <pre>{@code
 * ChaosPoint chaos = guardChaos.point("checkout");   // once
 * while (running) {
 *   chaos.perturb();                                // or maybeDelay() / maybeFail() / maybeHang()
 *   handle(queue.take());
 * }
 * }</pre>
 *
 * <p>Thread-safe. A delay or a hang blocks the calling thread: at most the fault's delay, and a
 * hang at most until its drill ends (bounded by {@link ChaosConfig#maxDrillDuration()}). An
 * interrupt ends either early and leaves the thread's interrupt flag set.
 */
public final class ChaosPoint {
  private final String name;
  private final AtomicReference<@Nullable PointFault> armed = new AtomicReference<>();

  ChaosPoint(String name) {
    this.name = name;
  }

  /** Returns the point's name. */
  public String name() {
    return name;
  }

  /** Returns whether a fault is armed here now. */
  public boolean isActive() {
    return armed.get() != null;
  }

  /** Sleeps for the injected latency, if a latency fault is armed and this call is affected. */
  public void maybeDelay() {
    PointFault f = armed.get();
    if (f != null) {
      f.delay();
    }
  }

  /** Throws a {@link ChaosException}, if a failure fault is armed and this call is affected. */
  public void maybeFail() {
    PointFault f = armed.get();
    if (f != null) {
      f.fail();
    }
  }

  /** Blocks until the fault is released, if a hang is armed. */
  public void maybeHang() {
    PointFault f = armed.get();
    if (f != null) {
      f.hang();
    }
  }

  /** Keeps more memory, if a leak is armed here. */
  public void maybeLeak() {
    PointFault f = armed.get();
    if (f != null) {
      f.leak();
    }
  }

  /** Applies whatever fault is armed: leak, then delay, then hang, then failure. */
  public void perturb() {
    PointFault f = armed.get();
    if (f != null) {
      f.leak();
      f.delay();
      f.hang();
      f.fail();
    }
  }

  void arm(PointFault fault) {
    PointFault before = armed.get();
    if (before != null || !armed.compareAndSet(null, fault)) {
      throw new IllegalStateException("chaos point '" + name + "' already has a fault armed by drill '"
          + (before == null ? "?" : before.drill()) + "'");
    }
  }

  void disarm(PointFault fault) {
    armed.compareAndSet(fault, null);
  }
}
