package io.processguard.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Burns CPU on daemon threads: each spins for the duty cycle's share of every 10 ms and parks
 * for the rest, and stops by itself after the fault's maximum duration even if never released.
 */
final class CpuBurner {
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  CpuBurner(Fault.CpuBurn fault, String drill) {
    long until = System.nanoTime() + fault.maxDuration().toNanos();
    long spin = (long) (PERIOD_NANOS * fault.dutyCycle());
    for (int i = 0; i < fault.threads(); i++) {
      Thread t = new Thread(() -> burn(until, spin), "processguard-chaos-cpu-" + drill + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void burn(long until, long spin) {
    long sink = 0;
    while (!stopped && System.nanoTime() - until < 0) {
      long end = System.nanoTime() + spin;
      while (System.nanoTime() - end < 0) {
        sink += sink * 31 + 7;
      }
      if (spin < PERIOD_NANOS) {
        LockSupport.parkNanos(PERIOD_NANOS - spin);
      }
    }
    if (sink == 42) {
      Thread.onSpinWait();
    }
  }

  /** Returns how many burning threads are still alive. */
  int alive() {
    return (int) threads.stream().filter(Thread::isAlive).count();
  }

  /** Stops every thread and waits up to a second for each. */
  void stop() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(1000);
    }
  }
}
