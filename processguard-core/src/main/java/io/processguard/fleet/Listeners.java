package io.processguard.fleet;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls user listeners so that one that throws breaks nothing. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private Listeners() {}

  static <T> void call(Consumer<T> listener, T value) {
    try {
      listener.accept(value);
    } catch (RuntimeException e) {
      LOG.warn("fleet listener {} failed on {}: {}", listener, value, e.toString());
    }
  }
}
