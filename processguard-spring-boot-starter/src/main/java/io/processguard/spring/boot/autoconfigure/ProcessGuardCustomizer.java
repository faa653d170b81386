package io.processguard.spring.boot.autoconfigure;

import io.processguard.ProcessGuard;

/**
 * A callback that adjusts the {@link ProcessGuard.Builder} before the auto-configured guard is
 * built: add targets or policies in Java, set executors, threads or a ticker.
 *
 * <p>Called once, on the thread that creates the guard bean, in {@code @Order} order; must not
 * build or start the guard itself.
 */
@FunctionalInterface
public interface ProcessGuardCustomizer {

  /** Adjusts the builder. */
  void customize(ProcessGuard.Builder builder);
}
