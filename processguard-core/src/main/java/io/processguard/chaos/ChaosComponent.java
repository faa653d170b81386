package io.processguard.chaos;

import io.processguard.recovery.Restartable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Restartable} wrapped so a drill can stop it ({@link Fault#stop}). Register this wrapper
 * with the guard in place of the component: a restart by the guard then counts as the recovery,
 * and the drill does not start the component a second time on release. Created by {@link
 * Chaos#component(String, Restartable)}.
 *
 * <p>Thread-safe as far as the wrapped component is.
 */
public final class ChaosComponent implements Restartable {
  /** How long a drill waits for the component to stop: 10 seconds. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Restartable delegate;
  private final AtomicBoolean stoppedByChaos = new AtomicBoolean();

  ChaosComponent(String name, Restartable delegate) {
    this.name = name;
    this.delegate = delegate;
  }

  /** Returns the name drills use for this component. */
  public String name() {
    return name;
  }

  /** Returns whether a drill stopped it and nothing has started it since. */
  public boolean isStoppedByChaos() {
    return stoppedByChaos.get();
  }

  @Override
  public void stop(Duration timeout) throws Exception {
    delegate.stop(timeout);
  }

  @Override
  public void start() throws Exception {
    delegate.start();
    stoppedByChaos.set(false);
  }

  void chaosStop() throws Exception {
    delegate.stop(STOP_TIMEOUT);
    stoppedByChaos.set(true);
  }

  void chaosRestore() throws Exception {
    if (stoppedByChaos.compareAndSet(true, false)) {
      delegate.start();
    }
  }
}
