package io.processguard.internal;

import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import org.jspecify.annotations.Nullable;

/**
 * One run of a probe on the probe executor. Phases move queued → running → done, or queued →
 * abandoned when it timed out before it started. Interrupts happen under this object's monitor
 * and only while running, so a pool thread that has moved on is never interrupted.
 */
final class ProbeRun implements Runnable {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;

  final ProbeRuntime owner;
  final long submittedNanos;
  boolean timedOut;
  private final Probe probe;
  private final Runnable onDone;
  private int phase = QUEUED;
  private @Nullable Thread runner;
  private volatile @Nullable Sample result;

  ProbeRun(ProbeRuntime owner, Probe probe, long submittedNanos, Runnable onDone) {
    this.owner = owner;
    this.probe = probe;
    this.submittedNanos = submittedNanos;
    this.onDone = onDone;
  }

  @Override
  public void run() {
    if (!begin()) {
      return;
    }
    Sample s;
    try {
      s = probe.sample();
      if (s == null) {
        s = Sample.failed("probe returned null");
      }
    } catch (InterruptedException e) {
      s = Sample.failed("probe interrupted");
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      s = Sample.failed("probe threw " + e);
    }
    result = s;
    finish();
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

  /** Gives up on the run: drops it if still queued, interrupts it if running. */
  synchronized void abandon() {
    if (phase == QUEUED) {
      phase = ABANDONED;
    } else if (phase == RUNNING && runner != null) {
      runner.interrupt();
    }
  }

  /** Returns whether a thread is still inside the probe (or will be). */
  synchronized boolean busy() {
    return phase == QUEUED || phase == RUNNING;
  }

  @Nullable Sample result() {
    return result;
  }
}
