package io.processguard.recovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A plain worker thread as a {@link Restartable}: {@link #start()} runs the body on a new thread;
 * {@link #stop} interrupts it and waits for it to end. A body that ignores interruption makes
 * {@code stop} fail with a {@link TimeoutException}: the stuck thread is left behind (a JVM
 * cannot kill a thread) and the attempt counts as failed.
 *
 * <p>Thread-safe.
 */
public final class RestartableThread implements Restartable {
  private final String name;
  private final Runnable body;
  private @Nullable Thread thread;
  private int generation;

  private RestartableThread(String name, Runnable body) {
    this.name = name;
    this.body = body;
  }

  /**
   * Returns a restartable thread; the body should loop until interrupted. Started at once.
   *
   * @param name the thread's name; each start appends {@code -<n>}
   */
  public static RestartableThread start(String name, Runnable body) {
    RestartableThread t = new RestartableThread(requireNonNull(name, "name"), requireNonNull(body, "body"));
    t.start();
    return t;
  }

  @Override
  public synchronized void start() {
    if (thread != null && thread.isAlive()) {
      throw new IllegalStateException("thread '" + name + "' is already running");
    }
    Thread t = new Thread(body, name + "-" + (++generation));
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop(Duration timeout) throws InterruptedException, TimeoutException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    t.interrupt();
    t.join(Math.max(1, timeout.toMillis()));
    if (t.isAlive()) {
      throw new TimeoutException("thread '" + t.getName() + "' did not stop within " + timeout);
    }
  }

  /** Returns the current thread, if started. */
  public synchronized java.util.Optional<Thread> thread() {
    return java.util.Optional.ofNullable(thread);
  }

  /** Returns how many times it was started. */
  public synchronized int generation() {
    return generation;
  }
}
