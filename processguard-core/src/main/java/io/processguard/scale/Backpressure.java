package io.processguard.scale;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A gate that producers consult before they hand work to a pool: open while the pool keeps up,
 * closed by the {@link ScalingController} when the pool is at its maximum and still behind, open
 * again when the signal clears.
 *
 * <p><b>The producer's contract.</b> Before each record (or batch), call {@link #tryAcquire()}
 * (never blocks) or {@link #acquire(Duration)} (waits at most the given time for the gate to
 * open). While the gate is closed the producer keeps its records (does not read more from its
 * source, or holds them) instead of dropping them. A producer that must give records up anyway
 * calls {@link #shed(long, String)}: every shed record is counted, by reason, and reported as a
 * {@link ScaleEvent.RecordsShed} event on the next cycle. Nothing is dropped silently.
 *
 * <p><b>Guarantees.</b> {@link #acquire(Duration)} returns as soon as the gate opens and never
 * later than its bound (no busy spin: it parks on a condition); {@link #isOpen()} and {@link
 * #tryAcquire()} take no lock. The gate never drops or reorders anything itself.
 *
 * <p>Thread-safe.
 */
public final class Backpressure {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition opened = lock.newCondition();
  private volatile boolean open = true;
  private final AtomicLong engagements = new AtomicLong();
  private final LongAdder waits = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder waitedNanos = new LongAdder();
  private final LongAdder shed = new LongAdder();
  private final Map<String, LongAdder> shedByReason = new ConcurrentHashMap<>();

  private Backpressure(String name) {
    this.name = name;
  }

  /** Returns an open gate with the given name (1-128 characters of {@code [A-Za-z0-9._:/-]}). */
  public static Backpressure create(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "backpressure gate name must be 1-128 characters of [A-Za-z0-9._:/-], got '" + name + "'");
    }
    return new Backpressure(name);
  }

  /** Returns the gate's name, which scaling policies use to bind it. */
  public String name() {
    return name;
  }

  /** Returns whether producers may send now; no lock, no allocation. */
  public boolean isOpen() {
    return open;
  }

  /** Returns whether the producer may send now, without waiting. */
  public boolean tryAcquire() {
    return open;
  }

  /**
   * Waits until the gate is open, at most {@code maxWait}. Returns true when the producer may
   * send, false when the wait ran out (the producer still holds its records and tries again,
   * or sheds them with {@link #shed}).
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean acquire(Duration maxWait) throws InterruptedException {
    requireNonNull(maxWait, "maxWait");
    if (open) {
      return true;
    }
    long start = System.nanoTime();
    long left = Math.max(0, saturatedNanos(maxWait));
    waits.increment();
    lock.lockInterruptibly();
    try {
      while (!open) {
        if (left <= 0) {
          timeouts.increment();
          return false;
        }
        left = opened.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
      waitedNanos.add(System.nanoTime() - start);
    }
  }

  /**
   * Counts records the application gave up on, with a reason (such as {@code queue-full}); they
   * are reported as events and counters. {@code count} must be at least 1.
   */
  public void shed(long count, String reason) {
    if (count < 1) {
      throw new IllegalArgumentException("shed count must be >= 1, got " + count);
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("shed reason must not be blank, got '" + reason + "'");
    }
    shed.add(count);
    shedByReason.computeIfAbsent(reason, r -> new LongAdder()).add(count);
  }

  /** Closes the gate; normally called by the scaling controller. Returns whether it was open. */
  public boolean engage() {
    lock.lock();
    try {
      if (!open) {
        return false;
      }
      open = false;
      engagements.incrementAndGet();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Opens the gate and wakes every waiting producer. Returns whether it was closed. */
  public boolean release() {
    lock.lock();
    try {
      if (open) {
        return false;
      }
      open = true;
      opened.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many times the gate closed. */
  public long engagements() {
    return engagements.get();
  }

  /** Returns how many {@link #acquire} calls found the gate closed and waited. */
  public long waits() {
    return waits.sum();
  }

  /** Returns how many waits ran out before the gate opened. */
  public long timeouts() {
    return timeouts.sum();
  }

  /** Returns the total time producers spent waiting in {@link #acquire}. */
  public Duration waited() {
    return Duration.ofNanos(waitedNanos.sum());
  }

  /** Returns the number of records shed so far. */
  public long shedTotal() {
    return shed.sum();
  }

  /** Returns the records shed so far by reason, sorted by reason. */
  public Map<String, Long> shedByReason() {
    Map<String, Long> out = new TreeMap<>();
    shedByReason.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "Backpressure[" + name + (open ? ", open]" : ", closed]");
  }
}
