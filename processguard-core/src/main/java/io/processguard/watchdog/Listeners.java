package io.processguard.watchdog;

import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one watchdog and the guard around user callbacks. Thread-safe. A listener that
 * throws is logged once at WARN (later failures at DEBUG) and never breaks the watchdog.
 */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard.watchdog");
  private final Set<GuardEventListener> listeners = new CopyOnWriteArraySet<>();
  private final Set<GuardEventListener> failed = ConcurrentHashMap.newKeySet();

  void add(GuardEventListener listener) {
    listeners.add(listener);
  }

  void remove(GuardEventListener listener) {
    listeners.remove(listener);
  }

  void publish(GuardEvent event) {
    for (GuardEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException | Error e) {
        rethrowFatal(e);
        if (failed.add(l)) {
          LOG.warn("listener {} failed on {}; further failures of it are logged at DEBUG",
              l.getClass().getName(), event.type(), e);
        } else {
          LOG.debug("listener {} failed again on {}", l.getClass().getName(), event.type(), e);
        }
      }
    }
  }

  /** Runs a user callback; returns its failure (logged at WARN with the component) or null. */
  static @Nullable Throwable guard(String component, Runnable action) {
    try {
      action.run();
      return null;
    } catch (RuntimeException | Error e) {
      rethrowFatal(e);
      LOG.atWarn().setMessage("{} failed: {}").addArgument(component).addArgument(e.toString())
          .addKeyValue("processguard.component", component).setCause(e).log();
      return e;
    }
  }

  private static void rethrowFatal(Throwable e) {
    if (e instanceof VirtualMachineError vme) {
      throw vme;
    }
  }
}
