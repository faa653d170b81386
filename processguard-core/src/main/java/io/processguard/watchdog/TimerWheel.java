package io.processguard.watchdog;

import static io.processguard.watchdog.JobTicket.COMPLETED;
import static io.processguard.watchdog.JobTicket.IN_FLIGHT;
import static io.processguard.watchdog.JobTicket.LATE;
import static io.processguard.watchdog.JobTicket.STUCK;
import static io.processguard.watchdog.JobTicket.STUCK_INTERRUPTED;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stripe of a job watchdog: a hierarchical timer wheel of job tickets, with its own lock and
 * counters.
 *
 * <p>Design (after Caffeine's {@code TimerWheel}, Ben Manes, which follows Varghese and Lauck,
 * "Hashed and Hierarchical Timing Wheels", 1987): five levels of power-of-two ticks, 2^24 ns
 * (16.8 ms), 2^30 (1.07 s), 2^36 (1.15 min), 2^42 (1.22 h) with 64 buckets each, and one
 * overflow bucket of 2^48 ns (78 h) ticks for anything further. A ticket goes to the lowest level
 * whose rotation covers its remaining time, into the bucket its deadline hashes to; each bucket
 * is a circular doubly-linked list through the tickets themselves (intrusive, no node per job),
 * so add and remove are O(1). Advancing walks the buckets whose ticks passed and cascades
 * tickets that are not yet due to lower levels; unlike Caffeine it always revisits the current
 * level-0 bucket, so expiry is exact to the nanosecond of the advance call instead of to a tick.
 * Kafka's {@code TimingWheel} was the other reference: it creates overflow wheels lazily and
 * keeps buckets in a {@code DelayQueue}; a fixed set of levels is smaller and needs no queue.
 *
 * <p>Thread-safety: every field is guarded by {@link #lock}. The watchdog spreads tickets over
 * several stripes by worker thread, so a worker that tracks and closes its own jobs meets an
 * uncontended lock, and the expiry driver holds each stripe's lock only while it unlinks due
 * tickets; interrupts are sent under the lock so a late close can never miss one.
 */
final class TimerWheel<J> {
  static final int[] SHIFTS = {24, 30, 36, 42, 48};
  private static final int[] BUCKETS = {64, 64, 64, 64, 1};
  private static final int OLDEST_SCAN_LIMIT = 64;

  final ReentrantLock lock = new ReentrantLock();
  private final JobWatchdog<J> owner;
  private final JobTicket<J>[][] wheel;
  private long nanos;

  long tracked;
  long completed;
  long stuck;
  long late;
  long inFlight;

  TimerWheel(JobWatchdog<J> owner, long nowNanos) {
    this.owner = owner;
    this.nanos = nowNanos;
    this.wheel = newWheel();
  }

  @SuppressWarnings("unchecked")
  private JobTicket<J>[][] newWheel() {
    JobTicket<J>[][] levels = (JobTicket<J>[][]) new JobTicket<?>[BUCKETS.length][];
    for (int i = 0; i < BUCKETS.length; i++) {
      levels[i] = (JobTicket<J>[]) new JobTicket<?>[BUCKETS[i]];
      for (int j = 0; j < BUCKETS[i]; j++) {
        levels[i][j] = JobTicket.sentinel(this);
      }
    }
    return levels;
  }

  /** Adds a new ticket. */
  void add(JobTicket<J> t) {
    lock.lock();
    try {
      schedule(t);
      tracked++;
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  /** Closes a ticket on behalf of {@link JobTicket#close()}. */
  void close(JobTicket<J> t) {
    boolean wasLate = false;
    lock.lock();
    try {
      int s = t.state();
      if (s == IN_FLIGHT) {
        unlink(t);
        t.state(COMPLETED);
        completed++;
        inFlight--;
      } else if (s == STUCK || s == STUCK_INTERRUPTED) {
        t.state(LATE);
        late++;
        wasLate = true;
        if (s == STUCK_INTERRUPTED && t.worker == Thread.currentThread()) {
          Thread.interrupted();
        }
      }
    } finally {
      lock.unlock();
    }
    if (wasLate) {
      owner.lateCompleted(t);
    }
  }

  /**
   * Advances to {@code now} (never backwards) and moves every ticket whose deadline has passed
   * ({@code now - deadline > 0}) into {@code due}, marked stuck. Call with the lock held.
   */
  void advance(long now, List<JobTicket<J>> due) {
    long previous = nanos;
    long current = Math.max(now, previous);
    nanos = current;
    for (int i = 0; i < SHIFTS.length; i++) {
      long previousTicks = previous >>> SHIFTS[i];
      long delta = (current >>> SHIFTS[i]) - previousTicks;
      if (delta <= 0 && i > 0) {
        break;
      }
      expire(i, previousTicks, delta, due);
    }
  }

  private void expire(int level, long previousTicks, long delta, List<JobTicket<J>> due) {
    JobTicket<J>[] buckets = wheel[level];
    int mask = buckets.length - 1;
    int steps = (int) Math.min(1 + delta, buckets.length);
    int start = (int) (previousTicks & mask);
    for (int i = start; i < start + steps; i++) {
      JobTicket<J> sentinel = buckets[i & mask];
      JobTicket<J> node = sentinel.next;
      sentinel.prev = sentinel;
      sentinel.next = sentinel;
      while (node != sentinel && node != null) {
        JobTicket<J> next = node.next;
        node.prev = null;
        node.next = null;
        if (node.deadlineNanos - nanos < 0) {
          node.state(STUCK);
          stuck++;
          inFlight--;
          due.add(node);
        } else {
          schedule(node);
        }
        node = next;
      }
    }
  }

  /**
   * Interrupts the worker thread of a stuck ticket unless it was closed meanwhile; returns
   * whether it did. Under the lock, so {@link #close} sees the interrupt and can clear it.
   */
  boolean interruptIfStillStuck(JobTicket<J> t) {
    lock.lock();
    try {
      if (t.state() != STUCK || !(t.worker instanceof Thread thread)) {
        return false;
      }
      t.state(STUCK_INTERRUPTED);
      thread.interrupt();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the age of the oldest job among those due first (at most {@value
   * #OLDEST_SCAN_LIMIT} looked at), or 0 when none is in flight. Exact when every job of the
   * watchdog has the same deadline. Call with the lock held.
   */
  long oldestAgeNanos(long now) {
    int nowUnits = JobTicket.units(now);
    for (int level = 0; level < BUCKETS.length; level++) {
      JobTicket<J>[] buckets = wheel[level];
      int mask = buckets.length - 1;
      int start = (int) ((nanos >>> SHIFTS[level]) & mask);
      for (int i = start; i < start + buckets.length; i++) {
        JobTicket<J> sentinel = buckets[i & mask];
        if (sentinel.next != sentinel) {
          return maxAge(sentinel, nowUnits);
        }
      }
    }
    return 0;
  }

  private static <J> long maxAge(JobTicket<J> sentinel, int nowUnits) {
    int oldest = 0;
    int seen = 0;
    for (JobTicket<J> t = sentinel.next; t != sentinel && t != null && seen < OLDEST_SCAN_LIMIT;
        t = t.next, seen++) {
      oldest = Math.max(oldest, nowUnits - t.startUnits);
    }
    return (long) oldest << 20;
  }

  private void schedule(JobTicket<J> t) {
    link(findBucket(t.deadlineNanos), t);
  }

  private JobTicket<J> findBucket(long deadline) {
    long time = deadline;
    long duration = time - nanos;
    if (duration < 0) {
      time = nanos;
      duration = 0;
    }
    for (int i = 0; i < BUCKETS.length - 1; i++) {
      if (duration < (1L << SHIFTS[i + 1])) {
        return wheel[i][(int) ((time >>> SHIFTS[i]) & (BUCKETS[i] - 1))];
      }
    }
    return wheel[BUCKETS.length - 1][0];
  }

  private static <J> void link(JobTicket<J> sentinel, JobTicket<J> t) {
    JobTicket<J> last = sentinel.prev;
    t.prev = last;
    t.next = sentinel;
    if (last != null) {
      last.next = t;
    }
    sentinel.prev = t;
  }

  private static <J> void unlink(JobTicket<J> t) {
    JobTicket<J> p = t.prev;
    JobTicket<J> n = t.next;
    if (p != null && n != null) {
      p.next = n;
      n.prev = p;
    }
    t.prev = null;
    t.next = null;
  }
}
