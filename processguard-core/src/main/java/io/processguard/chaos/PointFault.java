package io.processguard.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One fault armed at a {@link ChaosPoint}: its call counter, hang latch and leaked memory. Thread-safe. */
final class PointFault {
  private final Fault fault;
  private final String drill;
  private final Chaos.Sleeper sleeper;
  private final Duration maxHang;
  private final AtomicLong calls = new AtomicLong();
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<byte[]> held = new ArrayList<>();
  private long heldBytes;

  PointFault(Fault fault, String drill, Chaos.Sleeper sleeper, Duration maxHang) {
    this.fault = fault;
    this.drill = drill;
    this.sleeper = sleeper;
    this.maxHang = maxHang;
  }

  String drill() {
    return drill;
  }

  void delay() {
    if (fault instanceof Fault.Latency l && hit(l.rate())) {
      try {
        sleeper.sleep(l.delay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void fail() {
    if (fault instanceof Fault.Failure f && hit(f.rate())) {
      throw new ChaosException("chaos: injected failure at '" + f.point() + "' (drill '" + drill + "')");
    }
  }

  void hang() {
    if (fault instanceof Fault.Hang) {
      try {
        released.await(maxHang.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void leak() {
    if (fault instanceof Fault.MemoryLeak m) {
      synchronized (held) {
        if (released.getCount() > 0 && heldBytes + m.bytesPerCall() <= m.maxBytes()) {
          held.add(new byte[(int) Math.min(Integer.MAX_VALUE - 8, m.bytesPerCall())]);
          heldBytes += m.bytesPerCall();
        }
      }
    }
  }

  long heldBytes() {
    synchronized (held) {
      return heldBytes;
    }
  }

  /** Wakes every hung caller and drops the leaked memory. */
  void release() {
    released.countDown();
    synchronized (held) {
      held.clear();
      heldBytes = 0;
    }
  }

  /**
   * Spreads hits evenly and deterministically: call n is hit when floor(n * rate) moves, so a
   * rate of 0.25 hits calls 4, 8, 12... and any test sees the same sequence.
   */
  private boolean hit(double rate) {
    long n = calls.incrementAndGet();
    return rate >= 1 || Math.floor(n * rate) > Math.floor((n - 1) * rate);
  }
}
