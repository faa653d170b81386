package io.processguard.watchdog;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One tracked job: returned by {@link JobWatchdog#track}, closed when the job ends, best in a
 * try-with-resources block on the worker thread.
 *
 * <pre>{@code
 * try (JobTicket<Build> ticket = watchdog.track(build, Duration.ofMinutes(5))) {
 *   run(build);                    // interrupted if it overruns and the watchdog interrupts
 * }
 * }</pre>
 *
 * <p>The ticket is also the timer wheel's node (no wrapper per job): 48 bytes with compressed
 * oops, its fields guarded by the lock of the wheel stripe it lives in. Thread-safe; {@link
 * #close()} is idempotent. Closing after the watchdog declared the job stuck is a late
 * completion: counted, published, and the requeued copy (if any) still runs.
 *
 * @param <J> the job type
 */
public final class JobTicket<J> implements AutoCloseable {
  static final int IN_FLIGHT = 0;
  static final int COMPLETED = 1;
  static final int STUCK = 2;
  static final int STUCK_INTERRUPTED = 3;
  static final int LATE = 4;
  private static final int STATE_BITS = 3;
  private static final int STATE_MASK = (1 << STATE_BITS) - 1;

  private static final VarHandle PACKED;

  static {
    try {
      PACKED = MethodHandles.lookup().findVarHandle(JobTicket.class, "packed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The largest attempt number a ticket can carry. */
  public static final int MAX_ATTEMPT = Integer.MAX_VALUE >>> STATE_BITS;

  final TimerWheel<J> wheel;
  final @Nullable J job;
  /** The worker {@link Thread} or bound {@link Future}; null for the wheel's sentinels. */
  @Nullable Object worker;
  @Nullable JobTicket<J> prev;
  @Nullable JobTicket<J> next;
  final long deadlineNanos;
  /** State (low bits) and attempt; written under the wheel lock (release), read with acquire. */
  private int packed;
  /** Start reading in units of 2^20 ns, wrapping; ages up to 26 days are exact to ~1 ms. */
  final int startUnits;

  JobTicket(TimerWheel<J> wheel, @Nullable J job, @Nullable Object worker, long startNanos,
      long deadlineNanos, int attempt) {
    this.wheel = wheel;
    this.job = job;
    this.worker = worker;
    this.deadlineNanos = deadlineNanos;
    this.startUnits = units(startNanos);
    this.packed = attempt << STATE_BITS;
  }

  /** A bucket sentinel: an empty circular list. */
  static <J> JobTicket<J> sentinel(TimerWheel<J> wheel) {
    JobTicket<J> s = new JobTicket<>(wheel, null, null, 0, 0, 0);
    s.prev = s;
    s.next = s;
    return s;
  }

  static int units(long nanos) {
    return (int) (nanos >>> 20);
  }

  /** Returns the job. */
  public J job() {
    return requireNonNull(job, "sentinel has no job");
  }

  /** Returns the attempt number, from 1. */
  public int attempt() {
    return packed() >>> STATE_BITS;
  }

  /** Returns the ticker reading after which the job counts as stuck. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Returns whether the watchdog declared this job stuck; a cooperative worker may give up. */
  public boolean isStuck() {
    int s = state();
    return s == STUCK || s == STUCK_INTERRUPTED || s == LATE;
  }

  /** Returns whether the ticket was closed (on time or late). */
  public boolean isClosed() {
    int s = state();
    return s == COMPLETED || s == LATE;
  }

  /**
   * Binds the worker to interrupt when the job is stuck, instead of the thread that called
   * track. Returns this ticket.
   */
  public JobTicket<J> bind(Thread worker) {
    return bindWorker(requireNonNull(worker, "worker"));
  }

  /**
   * Binds the future running the job: when the job is stuck the watchdog cancels it (with
   * interruption when the watchdog interrupts workers). Returns this ticket.
   */
  public JobTicket<J> bind(Future<?> future) {
    return bindWorker(requireNonNull(future, "future"));
  }

  private JobTicket<J> bindWorker(Object w) {
    wheel.lock.lock();
    try {
      this.worker = w;
    } finally {
      wheel.lock.unlock();
    }
    return this;
  }

  /**
   * Ends the job: on time, it leaves the wheel and counts as completed; after it was declared
   * stuck, it counts as a late completion. If the watchdog interrupted this worker for this job
   * and the worker closes the ticket itself, the interrupt flag is cleared so that it cannot leak
   * into the worker's next job. Idempotent; never blocks on expiry work.
   */
  @Override
  public void close() {
    wheel.close(this);
  }

  int state() {
    return packed() & STATE_MASK;
  }

  private int packed() {
    return (int) PACKED.getAcquire(this);
  }

  /** Call with the wheel lock held. */
  void state(int state) {
    PACKED.setRelease(this, (packed & ~STATE_MASK) | state);
  }

  @Override
  public String toString() {
    return "JobTicket[" + job + ", attempt " + attempt() + ", state " + state() + "]";
  }
}
