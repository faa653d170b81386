package io.processguard.spring.boot.autoconfigure;

import static java.util.Objects.requireNonNull;

import io.processguard.ProcessGuard;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the guard once the application is ready (so probes never run against a half-started
 * application) and closes it first on shutdown, before the web server stops taking requests.
 *
 * <p>Its phase, {@link #PHASE}, is above the web server's, so it stops before graceful shutdown
 * begins. Thread-safe.
 */
public final class ProcessGuardLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

  /** The lifecycle phase: {@code Integer.MAX_VALUE - 512}, above the web server's phases. */
  public static final int PHASE = Integer.MAX_VALUE - 512;

  private final ProcessGuard guard;
  private volatile boolean running;
  private volatile boolean started;

  /** Creates a lifecycle for the guard. */
  public ProcessGuardLifecycle(ProcessGuard guard) {
    this.guard = requireNonNull(guard, "guard");
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (running && !started) {
      started = true;
      guard.start();
    }
  }

  /** Returns whether the guard's scheduler was started. */
  public boolean guardStarted() {
    return started;
  }

  @Override
  public void stop() {
    running = false;
    guard.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
