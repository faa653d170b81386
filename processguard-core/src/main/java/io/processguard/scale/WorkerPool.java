package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A pool of long-running workers that the application owns, scalable by starting and stopping
 * threads: each worker is a fresh {@link Runnable} from the application's supplier, run on a
 * thread from the application's {@link ThreadFactory} (which names it), until its thread is
 * interrupted.
 *
 * <p>A worker must return promptly once interrupted (a consumer loop checks {@code
 * Thread.currentThread().isInterrupted()} and treats {@link InterruptedException} as "stop");
 * what it has taken it must finish or hand back first. Shrinking stops the newest workers and
 * waits up to the stop timeout for each. A worker that ends by itself no longer counts.
 *
 * <p>Thread-safe. {@link #current()} takes no lock (the scaling controller reads it on the
 * engine thread); changes are serialised. {@link #close()} stops every worker and is idempotent.
 */
public final class WorkerPool implements Scalable, AutoCloseable {

  /** Default time to wait for one worker to stop: 5 seconds. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<? extends Runnable> worker;
  private final ThreadFactory threads;
  private final int max;
  private final Duration stopTimeout;
  private final List<Thread> running = new CopyOnWriteArrayList<>();
  private final ReentrantLock changes = new ReentrantLock();
  private boolean closed;

  private WorkerPool(Supplier<? extends Runnable> worker, ThreadFactory threads, int max, Duration stopTimeout) {
    this.worker = worker;
    this.threads = threads;
    this.max = max;
    this.stopTimeout = stopTimeout;
  }

  /**
   * Returns an empty pool (no worker runs until {@link #scaleTo}).
   *
   * @param worker supplies one runnable per worker started
   * @param threads creates (and names) the worker threads
   * @param max the largest number of workers, at least 1
   * @param stopTimeout how long to wait for one worker to stop; positive
   */
  public static WorkerPool of(
      Supplier<? extends Runnable> worker, ThreadFactory threads, int max, Duration stopTimeout) {
    requireNonNull(worker, "worker");
    requireNonNull(threads, "threads");
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got " + max);
    }
    requireNonNull(stopTimeout, "stopTimeout");
    if (stopTimeout.isNegative() || stopTimeout.isZero()) {
      throw new IllegalArgumentException("stopTimeout must be positive, got " + stopTimeout);
    }
    return new WorkerPool(worker, threads, max, stopTimeout);
  }

  /** Returns the number of live workers; takes no lock, so it never waits for a running change. */
  @Override
  public int current() {
    int live = 0;
    for (Thread t : running) {
      if (t.getState() != Thread.State.TERMINATED) {
        live++;
      }
    }
    return live;
  }

  @Override
  public int max() {
    return max;
  }

  /** Returns the names of the running workers' threads, oldest first. */
  public List<String> threadNames() {
    return running.stream().filter(t -> t.getState() != Thread.State.TERMINATED).map(Thread::getName).toList();
  }

  /** Starts or stops workers; changes are serialised, and may wait up to the stop timeout per call. */
  @Override
  public void scaleTo(int desired) throws InterruptedException, TimeoutException {
    Scalables.checkRange(desired, 0, max);
    changes.lockInterruptibly();
    try {
      if (closed) {
        throw new IllegalStateException("worker pool is closed");
      }
      running.removeIf(t -> t.getState() == Thread.State.TERMINATED);
      int now = running.size();
      for (int i = now; i < desired; i++) {
        Thread t = threads.newThread(worker.get());
        running.add(t);
        t.start();
      }
      stopNewest(now - desired);
    } finally {
      changes.unlock();
    }
  }

  private void stopNewest(int count) throws InterruptedException, TimeoutException {
    List<Thread> stopping = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread t = running.remove(running.size() - 1);
      t.interrupt();
      stopping.add(t);
    }
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    for (Thread t : stopping) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, left / 1_000_000));
      }
      if (t.isAlive()) {
        throw new TimeoutException(String.format(Locale.ROOT,
            "worker thread '%s' did not stop within %s after interrupt", t.getName(), stopTimeout));
      }
    }
  }

  /**
   * Stops every worker, waiting up to the stop timeout; idempotent. Throws {@link
   * IllegalStateException} naming a worker that did not stop in time.
   */
  @Override
  public void close() {
    changes.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      stopNewest(running.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      changes.unlock();
    }
  }
}
