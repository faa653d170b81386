package io.processguard.probe;

import io.processguard.spi.Ticker;

/**
 * {@code threads.live} every sample and, when a check period is given, {@code
 * threads.deadlocked}: deadlock detection pauses the whole JVM (0.1-1.5 ms with thousands of
 * threads), so it runs on the first sample and then at most once per period, and samples in
 * between repeat the last count.
 *
 * <p>The status stays {@link SampleStatus#UP} (a condition on the signal decides what a deadlock
 * means); the detail names the count. Not thread-safe.
 */
final class ThreadSignals implements SignalSource {
  private final JvmReadings jvm;
  private final Ticker ticker;
  private final long deadlockPeriodNanos;
  private long lastCheck;
  private int deadlocked;
  private boolean checked;

  /** A period of 0 or less means deadlocks are not checked. */
  ThreadSignals(JvmReadings jvm, Ticker ticker, long deadlockPeriodNanos) {
    this.jvm = jvm;
    this.ticker = ticker;
    this.deadlockPeriodNanos = deadlockPeriodNanos;
  }

  @Override
  public void read(Sample.Builder out) {
    out.signal(JvmProbes.THREADS_LIVE, jvm.liveThreads());
    if (deadlockPeriodNanos <= 0) {
      return;
    }
    long now = ticker.read();
    if (!checked || now - lastCheck >= deadlockPeriodNanos) {
      deadlocked = jvm.deadlockedThreads();
      lastCheck = now;
      checked = true;
    }
    out.signal(JvmProbes.THREADS_DEADLOCKED, deadlocked);
    if (deadlocked > 0) {
      out.detail(deadlocked + " threads are deadlocked");
    }
  }
}
