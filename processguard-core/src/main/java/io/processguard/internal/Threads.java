package io.processguard.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names ProcessGuard's own threads {@code processguard-<role>-<n>} and makes them daemons. */
public final class Threads {
  private Threads() {}

  /** Returns a factory of daemon threads named {@code processguard-<role>-<n>}. */
  public static ThreadFactory factory(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "processguard-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
