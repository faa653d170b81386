package io.processguard.testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the guard's actions on real daemon threads and knows, at every moment, how many are
 * running and how many of those are hanging on purpose, so the harness can wait for the others
 * to finish before it moves virtual time on. That keeps a hanging fake from blocking the test
 * thread while everything else stays deterministic.
 */
final class HarnessExecutor implements Executor, AutoCloseable {
  private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "processguard-testkit-action");
    t.setDaemon(true);
    return t;
  });
  private int running;
  private int hanging;
  private long finished;

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      running++;
    }
    threads.execute(() -> {
      try {
        task.run();
      } finally {
        synchronized (this) {
          running--;
          finished++;
          notifyAll();
        }
      }
    });
  }

  /** Blocks the calling action thread until it is interrupted (a fake's hang). */
  void hang(String component) throws InterruptedException {
    synchronized (this) {
      hanging++;
      notifyAll();
    }
    try {
      new CountDownLatch(1).await();
    } finally {
      synchronized (this) {
        hanging--;
      }
    }
    throw new IllegalStateException(component + " hung");
  }

  synchronized long finished() {
    return finished;
  }

  synchronized boolean busy() {
    return running > hanging;
  }

  /** Waits until every running action is either finished or hanging on purpose. */
  synchronized void awaitSettled() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
    while (running > hanging) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("actions did not finish within 30 s of real time: "
            + (running - hanging) + " still running (a restartable or action that blocks without a fake?)");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
