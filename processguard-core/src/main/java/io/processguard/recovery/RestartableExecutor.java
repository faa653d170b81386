package io.processguard.recovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An {@link ExecutorService}-backed worker pool as a {@link Restartable}: a restart replaces the
 * pool with a fresh one from the factory, so state held by the old worker threads (thread-locals,
 * leaked buffers, a wedged connection) goes with them.
 *
 * <p>The application submits through {@link #executor()} or {@link #submit}, which always target
 * the current pool. On {@link #stop}:
 * <ol>
 *   <li>tasks still queued (not started) are taken out of the old pool and <em>carried over</em>:
 *       {@link #start()} resubmits them to the new pool in their order, so no accepted task is
 *       lost;
 *   <li>running tasks get the timeout to finish; then they are interrupted, and if they still
 *       run, the stop fails with a {@link TimeoutException} (the attempt counts as failed, the
 *       carried-over tasks still move to the next pool);
 *   <li>tasks submitted while the pool is being replaced wait in the carry-over list.
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class RestartableExecutor implements Restartable {
  private final Supplier<? extends ExecutorService> factory;
  private final Consumer<Runnable> onRejected;
  private final Executor executor = this::execute;
  private ExecutorService pool;
  private List<Runnable> carried = new ArrayList<>();
  private boolean stopped;
  private int generation = 1;

  private RestartableExecutor(Supplier<? extends ExecutorService> factory, Consumer<Runnable> onRejected) {
    this.factory = factory;
    this.onRejected = onRejected;
    this.pool = requireNonNull(factory.get(), "the factory returned null");
  }

  /** Creates the first pool from the factory at once. */
  public static RestartableExecutor of(Supplier<? extends ExecutorService> factory) {
    return new RestartableExecutor(requireNonNull(factory, "factory"), r -> { });
  }

  /**
   * Creates the first pool at once; {@code onRejected} receives every carried-over task that the
   * new pool rejected, so that none is dropped silently.
   */
  public static RestartableExecutor of(Supplier<? extends ExecutorService> factory, Consumer<Runnable> onRejected) {
    return new RestartableExecutor(requireNonNull(factory, "factory"), requireNonNull(onRejected, "onRejected"));
  }

  /** Returns an executor that always submits to the current pool. */
  public Executor executor() {
    return executor;
  }

  /** Submits a task to the current pool. */
  public synchronized <T> Future<T> submit(Callable<T> task) {
    java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
    execute(f);
    return f;
  }

  private synchronized void execute(Runnable task) {
    if (stopped) {
      carried.add(task);
      return;
    }
    pool.execute(task);
  }

  @Override
  public void stop(Duration timeout) throws InterruptedException, TimeoutException {
    ExecutorService old;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      old = pool;
      if (old instanceof ThreadPoolExecutor tpe) {
        tpe.getQueue().drainTo(carried);
      }
    }
    old.shutdown();
    if (!old.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      List<Runnable> never = old.shutdownNow();
      synchronized (this) {
        carried.addAll(0, never);
      }
      if (!old.awaitTermination(Math.max(1, timeout.toMillis() / 10), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("worker pool did not stop within " + timeout + " (tasks ignore interrupts)");
      }
    }
  }

  @Override
  public void start() {
    List<Runnable> replay;
    synchronized (this) {
      if (!stopped) {
        return;
      }
      pool = requireNonNull(factory.get(), "the factory returned null");
      generation++;
      stopped = false;
      replay = carried;
      carried = new ArrayList<>();
      for (Runnable r : replay) {
        try {
          pool.execute(r);
        } catch (RejectedExecutionException e) {
          onRejected.accept(r);
        }
      }
    }
  }

  /** Returns how many pools this executor has had (1 before any restart). */
  public synchronized int generation() {
    return generation;
  }

  /** Shuts the current pool down for good. */
  public synchronized void shutdown() {
    stopped = true;
    pool.shutdownNow();
  }
}
