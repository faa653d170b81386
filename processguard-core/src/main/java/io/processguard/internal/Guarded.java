package io.processguard.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user code (listeners, callbacks) so that a failure is logged once, with the component's
 * name, and never propagates into the engine.
 */
public final class Guarded {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard");

  private Guarded() {}

  /** Runs the action; returns the failure, or null when it succeeded. */
  public static @org.jspecify.annotations.Nullable Throwable run(String component, Runnable action) {
    try {
      action.run();
      return null;
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      LOG.atWarn()
          .setMessage("{} failed: {}")
          .addArgument(component)
          .addArgument(e.toString())
          .addKeyValue("processguard.component", component)
          .setCause(e)
          .log();
      return e;
    }
  }
}
