package io.processguard.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user code (listeners, callbacks) so that a failure is logged with the component's name
 * and never propagates into the engine.
 *
 * <p>Logging is rate-limited per component so that one broken listener cannot flood the log: the
 * first failure is logged with its stack trace; later ones at most once a minute, as one line
 * with the number of failures not logged since.
 */
public final class Guarded {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard");
  private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final Map<String, Failures> FAILURES = new ConcurrentHashMap<>();

  private Guarded() {}

  /** Failures of one component: when one was last logged, and how many were not since. */
  private static final class Failures {
    final AtomicLong lastLogged = new AtomicLong();
    final AtomicLong unlogged = new AtomicLong();
    final AtomicLong lines = new AtomicLong();
  }

  /** Returns how many log lines a component's failures produced so far (for tests). */
  static long linesLogged(String component) {
    Failures f = FAILURES.get(component);
    return f == null ? 0 : f.lines.get();
  }

  /** Returns how many of a component's failures were counted but not logged yet (for tests). */
  static long unlogged(String component) {
    Failures f = FAILURES.get(component);
    return f == null ? 0 : f.unlogged.get();
  }

  /** Runs the action; returns the failure, or null when it succeeded. */
  public static @Nullable Throwable run(String component, Runnable action) {
    try {
      action.run();
      return null;
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      log(component, e);
      return e;
    }
  }

  private static void log(String component, Throwable e) {
    long now = System.nanoTime();
    Failures f = FAILURES.get(component);
    if (f == null) {
      Failures fresh = new Failures();
      f = FAILURES.putIfAbsent(component, fresh);
      if (f == null) {
        fresh.lastLogged.set(now);
        fresh.lines.incrementAndGet();
        LOG.atWarn().setMessage("{} failed: {}").addArgument(component).addArgument(e.toString())
            .addKeyValue("processguard.component", component).setCause(e).log();
        return;
      }
    }
    long last = f.lastLogged.get();
    if (now - last < QUIET_NANOS || !f.lastLogged.compareAndSet(last, now)) {
      f.unlogged.incrementAndGet();
      return;
    }
    long skipped = f.unlogged.getAndSet(0);
    f.lines.incrementAndGet();
    LOG.atWarn().setMessage("{} failed again: {} ({} more failures not logged in the last minute)")
        .addArgument(component).addArgument(e.toString()).addArgument(skipped)
        .addKeyValue("processguard.component", component).log();
  }
}
