package io.processguard.internal;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One run of user code on an executor, watched by the engine against a deadline on its ticker.
 * Phases move queued → running → done, or queued → abandoned when it timed out before it
 * started. Interrupts happen under this object's monitor and only while running, so a pool
 * thread that has moved on to other work is never interrupted.
 *
 * @param <T> what the body returns
 */
final class TimedRun<T> implements Runnable {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;

  long submittedNanos;
  boolean timedOut;
  private final Callable<T> body;
  private final Runnable onDone;
  private int phase = QUEUED;
  private @Nullable Thread runner;
  private volatile @Nullable T result;
  private volatile @Nullable Throwable failure;

  TimedRun(Callable<T> body, long submittedNanos, Runnable onDone) {
    this.body = body;
    this.submittedNanos = submittedNanos;
    this.onDone = onDone;
  }

  @Override
  public void run() {
    if (!begin()) {
      return;
    }
    try {
      result = body.call();
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      failure = e;
    } finally {
      finish();
    }
    onDone.run();
  }

  private synchronized boolean begin() {
    if (phase != QUEUED) {
      return false;
    }
    phase = RUNNING;
    runner = Thread.currentThread();
    return true;
  }

  private void finish() {
    synchronized (this) {
      phase = DONE;
      runner = null;
    }
    // An interrupt aimed at this run must not leak into the pool thread's next task.
    Thread.interrupted();
  }

  /**
   * Makes a finished run ready to be submitted again, so that a probe's runs allocate nothing.
   * Returns false (and changes nothing) unless the body ran to the end: an abandoned run may still
   * sit in an executor's queue and must never be resubmitted.
   */
  synchronized boolean reuse(long nowNanos) {
    if (phase != DONE) {
      return false;
    }
    phase = QUEUED;
    submittedNanos = nowNanos;
    timedOut = false;
    result = null;
    failure = null;
    return true;
  }

  /** Gives up on the run: drops it if still queued, interrupts it if running. */
  synchronized void abandon() {
    if (phase == QUEUED) {
      phase = ABANDONED;
    } else if (phase == RUNNING && runner != null) {
      runner.interrupt();
    }
  }

  /** Returns whether a thread is still inside the body (or will be). */
  synchronized boolean busy() {
    return phase == QUEUED || phase == RUNNING;
  }

  @Nullable T result() {
    return result;
  }

  @Nullable Throwable failure() {
    return failure;
  }
}
