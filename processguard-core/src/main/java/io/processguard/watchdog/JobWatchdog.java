package io.processguard.watchdog;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEventListener;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job watchdog: every job runs under a {@link JobTicket} with a deadline; a job still open past
 * its deadline is declared stuck, its worker interrupted (or its future cancelled), its resources
 * reclaimed, and the job requeued, or dead-lettered after {@code maxAttempts} attempts. Nothing is
 * lost: {@link #counts()} proves that every ticket is completed, stuck (then requeued or
 * dead-lettered) or in flight.
 *
 * <pre>{@code
 * JobWatchdog<Build> watchdog = JobWatchdog.<Build>builder("ci-runners")
 *     .deadline(Duration.ofMinutes(10))
 *     .maxAttempts(2)
 *     .requeuer(stuck -> queue.add(stuck.job().withAttempt(stuck.nextAttempt())))
 *     .deadLetter((stuck, reason) -> poisoned.add(stuck.job()))
 *     .build()
 *     .start(Duration.ofMillis(100));     // or let the probe's sampling drive it
 * // on a runner thread:
 * try (JobTicket<Build> t = watchdog.track(build, build.timeout(), build.attempt())) {
 *   build.run();
 * }
 * }</pre>
 *
 * <p><b>Deadlines.</b> Tickets live in hierarchical timer wheels (see {@code TimerWheel}), one
 * stripe per group of worker threads, each with its own lock, so {@code track} and {@code close}
 * cost an uncontended lock and O(1) list work, and a ticket takes 48 bytes. A job is stuck when
 * an advance at {@code now} finds {@code now - deadline > 0}: the deadline itself is on time.
 * Expiry work (interrupts, callbacks, events) never runs on the worker's thread; it runs in
 * {@link #advance(long)}, called by the driver thread ({@link #start(Duration)}), by the probe's
 * sampling, or directly by a virtual-time test.
 *
 * <p><b>Late completions.</b> A ticket closed after its job was declared stuck is a late
 * completion. The requeued copy is not withdrawn: a late close does not prove the job's effect
 * happened (an interrupted worker closes its ticket in {@code finally} too), so cancelling the
 * copy could lose the job. The application's idempotency key (the job id) drops the duplicate.
 *
 * <p>Thread-safe. Callbacks and listeners run on the driving thread and must not block.
 *
 * @param <J> the job type: the job itself or its id
 */
public final class JobWatchdog<J> implements AutoCloseable {

  /** Default deadline for {@link #track(Object)}: 5 minutes. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

  /** Default attempts before a stuck job goes to dead letter: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The longest deadline a ticket accepts: 24 days (ages are kept in 32 bits of ~1 ms). */
  public static final Duration MAX_DEADLINE = Duration.ofDays(24);

  /** Default signal prefix: {@code jobs}. */
  public static final String DEFAULT_SIGNAL_PREFIX = "jobs";

  private static final Logger LOG = LoggerFactory.getLogger("io.processguard.watchdog");
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final long LATE_DRIVER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String name;
  private final String target;
  private final Ticker ticker;
  private final Clock clock;
  private final Duration defaultDeadline;
  private final int maxAttempts;
  private final boolean interruptWorkers;
  private final boolean captureStacks;
  private final @Nullable Requeuer<J> requeuer;
  private final @Nullable Reclaimer<J> reclaimer;
  private final DeadLetterHandler<J> deadLetter;
  private final String prefix;
  private final TimerWheel<J>[] stripes;
  private final int stripeMask;
  private final Listeners listeners = new Listeners();
  private final ConcurrentLinkedQueue<JobTicket<J>> lateQueue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock driverLock = new ReentrantLock();
  private final List<JobTicket<J>> due = new ArrayList<>();
  private volatile long requeued;
  private volatile long deadLettered;
  private volatile boolean closed;
  private @Nullable Thread driver;

  private JobWatchdog(Builder<J> b) {
    this.name = b.name;
    this.target = b.target == null ? b.name : b.target;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.defaultDeadline = b.deadline;
    this.maxAttempts = b.maxAttempts;
    this.interruptWorkers = b.interruptWorkers;
    this.captureStacks = b.captureStacks;
    this.requeuer = b.requeuer;
    this.reclaimer = b.reclaimer;
    this.deadLetter = b.deadLetter != null ? b.deadLetter : this::logDeadLetter;
    this.prefix = b.prefix;
    this.stripes = newStripes(b.stripes, ticker.read());
    this.stripeMask = b.stripes - 1;
    b.listeners.forEach(listeners::add);
  }

  @SuppressWarnings("unchecked")
  private TimerWheel<J>[] newStripes(int n, long now) {
    TimerWheel<J>[] s = (TimerWheel<J>[]) new TimerWheel<?>[n];
    for (int i = 0; i < n; i++) {
      s[i] = new TimerWheel<>(this, now);
    }
    return s;
  }

  /** Starts a builder for a job watchdog with that name. */
  public static <J> Builder<J> builder(String name) {
    return new Builder<>(name);
  }

  /** Tracks a job on its first attempt with the watchdog's default deadline. */
  public JobTicket<J> track(J job) {
    return track(job, defaultDeadline, 1);
  }

  /** Tracks a job on its first attempt. */
  public JobTicket<J> track(J job, Duration deadline) {
    return track(job, deadline, 1);
  }

  /**
   * Tracks one attempt of a job, run by the calling thread (see {@link JobTicket#bind}). Reads
   * the ticker once, allocates the ticket and links it into this thread's stripe.
   *
   * @param job the job or its id; handed back to the requeuer and dead-letter handler
   * @param deadline how long the attempt may run, positive, at most {@link #MAX_DEADLINE}
   * @param attempt the attempt number, from 1 (a requeued copy runs as {@code nextAttempt()})
   * @throws IllegalStateException after {@link #close()}
   */
  public JobTicket<J> track(J job, Duration deadline, int attempt) {
    requireNonNull(job, "job");
    long timeout = checkDeadline(deadline);
    if (attempt < 1 || attempt > JobTicket.MAX_ATTEMPT) {
      throw new IllegalArgumentException("attempt must be 1.." + JobTicket.MAX_ATTEMPT + ", got " + attempt);
    }
    if (closed) {
      throw new IllegalStateException("job watchdog '" + name + "' is closed");
    }
    Thread worker = Thread.currentThread();
    TimerWheel<J> stripe = stripes[stripeOf(worker)];
    long now = ticker.read();
    JobTicket<J> ticket = new JobTicket<>(stripe, job, worker, now, now + timeout, attempt);
    stripe.add(ticket);
    return ticket;
  }

  private static long checkDeadline(Duration deadline) {
    if (deadline == null || deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new IllegalArgumentException("deadline must be positive and at most " + MAX_DEADLINE + ", got " + deadline);
    }
    return deadline.toNanos();
  }

  private int stripeOf(Thread t) {
    return (int) ((t.getId() * 0x9E3779B97F4A7C15L) >>> 40) & stripeMask;
  }

  /** Advances to the ticker's reading; see {@link #advance(long)}. */
  public int check() {
    return advance(ticker.read());
  }

  /**
   * Declares stuck every open ticket whose deadline has passed at {@code nowNanos} and handles
   * each: capture the worker's stack, interrupt it or cancel its future, reclaim, requeue or
   * dead-letter, publish events. Then publishes the late completions seen since the last call.
   * Serialised: concurrent calls wait for each other. Returns how many jobs were declared stuck.
   */
  public int advance(long nowNanos) {
    driverLock.lock();
    try {
      for (TimerWheel<J> stripe : stripes) {
        stripe.lock.lock();
        try {
          stripe.advance(nowNanos, due);
        } finally {
          stripe.lock.unlock();
        }
      }
      int stuck = due.size();
      for (JobTicket<J> t : due) {
        handle(t, nowNanos);
      }
      due.clear();
      drainLate();
      return stuck;
    } finally {
      driverLock.unlock();
    }
  }

  private void handle(JobTicket<J> t, long now) {
    Object worker = t.worker;
    List<StackTraceElement> stack = List.of();
    if (captureStacks && worker instanceof Thread thread) {
      stack = List.of(thread.getStackTrace());
    }
    if (interruptWorkers) {
      t.wheel.interruptIfStillStuck(t);
    }
    if (worker instanceof Future<?> future) {
      Listeners.guard("job watchdog '" + name + "' cancel", () -> future.cancel(interruptWorkers));
    }
    long running = (long) (JobTicket.units(now) - t.startUnits) << 20;
    StuckJob<J> stuck = new StuckJob<>(t.job(), t.attempt(), maxAttempts,
        Duration.ofNanos(now - t.deadlineNanos), Duration.ofNanos(running), workerName(worker), stack);
    String jobId = String.valueOf(stuck.job());
    listeners.publish(new WatchdogEvent.JobStuck(clock.instant(), target, name, jobId, stuck.attempt(),
        stuck.overdue(), stuck.worker(), stack));
    Reclaimer<J> r = reclaimer;
    if (r != null) {
      Listeners.guard("job watchdog '" + name + "' reclaimer", () -> r.reclaim(stuck));
    }
    requeueOrDeadLetter(stuck, jobId);
  }

  private void requeueOrDeadLetter(StuckJob<J> stuck, String jobId) {
    Requeuer<J> q = requeuer;
    String reason;
    if (q == null) {
      reason = "no requeuer configured";
    } else if (stuck.lastAttempt()) {
      reason = String.format(Locale.ROOT, "stuck on attempt %d of %d", stuck.attempt(), maxAttempts);
    } else {
      Throwable failure = Listeners.guard("job watchdog '" + name + "' requeuer", () -> q.requeue(stuck));
      if (failure == null) {
        requeued = requeued + 1;
        listeners.publish(new WatchdogEvent.JobRequeued(clock.instant(), target, name, jobId, stuck.nextAttempt()));
        return;
      }
      reason = "requeue failed: " + failure;
    }
    Listeners.guard("job watchdog '" + name + "' dead-letter handler", () -> deadLetter.deadLetter(stuck, reason));
    deadLettered = deadLettered + 1;
    listeners.publish(new WatchdogEvent.JobDeadLettered(clock.instant(), target, name, jobId, stuck.attempt(), reason));
  }

  private static String workerName(@Nullable Object worker) {
    if (worker instanceof Thread t) {
      return t.getName();
    }
    return worker instanceof Future<?> ? "future" : "";
  }

  private void drainLate() {
    JobTicket<J> t;
    while ((t = lateQueue.poll()) != null) {
      listeners.publish(new WatchdogEvent.LateCompletion(clock.instant(), target, name,
          String.valueOf(t.job()), t.attempt()));
    }
  }

  /** Called by a stripe when a stuck ticket is closed; published by the next advance. */
  void lateCompleted(JobTicket<J> t) {
    lateQueue.add(t);
  }

  private void logDeadLetter(StuckJob<J> stuck, String reason) {
    LOG.error("job watchdog '{}' dead-lettered job {} after attempt {}: {}", name, stuck.job(), stuck.attempt(), reason);
  }

  /** Returns the accounting now; each stripe is read under its lock, so the counts balance. */
  public JobCounts counts() {
    long rq = requeued;
    long dl = deadLettered;
    long tracked = 0;
    long completed = 0;
    long inFlight = 0;
    long stuck = 0;
    long late = 0;
    for (TimerWheel<J> s : stripes) {
      s.lock.lock();
      try {
        tracked += s.tracked;
        completed += s.completed;
        inFlight += s.inFlight;
        stuck += s.stuck;
        late += s.late;
      } finally {
        s.lock.unlock();
      }
    }
    return new JobCounts(tracked, completed, inFlight, stuck, rq, dl, late);
  }

  /**
   * Returns the age of the oldest in-flight job among those due first, or zero: exact when all
   * jobs share one deadline, else an estimate (the job whose deadline comes first need not be the
   * one that started first).
   */
  public Duration oldestAge() {
    long now = ticker.read();
    long oldest = 0;
    for (TimerWheel<J> s : stripes) {
      s.lock.lock();
      try {
        oldest = Math.max(oldest, s.oldestAgeNanos(now));
      } finally {
        s.lock.unlock();
      }
    }
    return Duration.ofNanos(oldest);
  }

  /**
   * Returns this watchdog as a probe. Each sample advances first (so sampling alone can drive
   * the watchdog), then reports {@code jobs.in_flight}, {@code jobs.stuck.total}, {@code
   * jobs.requeued.total}, {@code jobs.dead_lettered.total}, {@code jobs.late_completions.total}
   * and {@code jobs.oldest.age.seconds} (prefix configurable).
   */
  public Probe probe() {
    return this::sample;
  }

  private Sample sample() {
    advance(ticker.read());
    JobCounts c = counts();
    return Sample.builder()
        .signal(prefix + ".in_flight", c.inFlight())
        .signal(prefix + ".stuck.total", c.stuck())
        .signal(prefix + ".requeued.total", c.requeued())
        .signal(prefix + ".dead_lettered.total", c.deadLettered())
        .signal(prefix + ".late_completions.total", c.lateCompletions())
        .signal(prefix + ".oldest.age.seconds", oldestAge().toNanos() / 1e9)
        .detail(c.toString())
        .build();
  }

  /** Adds an event listener. */
  public void addListener(GuardEventListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Removes an event listener. */
  public void removeListener(GuardEventListener listener) {
    listeners.remove(listener);
  }

  /** Returns the watchdog's name. */
  public String name() {
    return name;
  }

  /**
   * Starts a daemon thread {@code processguard-watchdog-N} that advances every {@code interval}
   * (expiry then fires at most one interval late). Idempotent; returns this watchdog. A
   * watchdog without a driver is advanced by its probe's sampling or by explicit calls.
   */
  public synchronized JobWatchdog<J> start(Duration interval) {
    long nanos = Checks.positive("interval", interval).toNanos();
    if (closed) {
      throw new IllegalStateException("job watchdog '" + name + "' is closed");
    }
    if (driver == null) {
      Thread t = new Thread(() -> drive(nanos), "processguard-watchdog-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      driver = t;
      t.start();
    }
    return this;
  }

  private void drive(long intervalNanos) {
    long last = ticker.read();
    while (!closed) {
      LockSupport.parkNanos(this, intervalNanos);
      long now = ticker.read();
      if (now - last > 2 * intervalNanos + LATE_DRIVER_NANOS) {
        LOG.warn("job watchdog '{}' driver ran {} ms late (starvation or a clock jump)", name,
            TimeUnit.NANOSECONDS.toMillis(now - last - intervalNanos));
      }
      last = now;
      try {
        advance(now);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        LOG.warn("job watchdog '{}' advance failed; continuing", name, e);
      }
    }
  }

  /**
   * Stops the driver thread and refuses new tickets; open tickets can still be closed.
   * Idempotent.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = driver;
      driver = null;
    }
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public String toString() {
    return "JobWatchdog[" + name + ", " + stripes.length + " stripes]";
  }

  /**
   * Builds a {@link JobWatchdog}; not thread-safe.
   *
   * @param <J> the job type
   */
  public static final class Builder<J> {
    private final String name;
    private @Nullable String target;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private boolean interruptWorkers = true;
    private boolean captureStacks = true;
    private @Nullable Requeuer<J> requeuer;
    private @Nullable Reclaimer<J> reclaimer;
    private @Nullable DeadLetterHandler<J> deadLetter;
    private String prefix = DEFAULT_SIGNAL_PREFIX;
    private int stripes = defaultStripes();
    private final List<GuardEventListener> listeners = new ArrayList<>();

    private Builder(String name) {
      this.name = Checks.name("name", name);
    }

    private static int defaultStripes() {
      int wanted = Math.min(64, 2 * Runtime.getRuntime().availableProcessors());
      return Integer.highestOneBit(Math.max(1, wanted - 1)) << 1;
    }

    /** Sets the target named in events; default the watchdog's name. */
    public Builder<J> target(String target) {
      this.target = Checks.name("target", target);
      return this;
    }

    /** Sets the monotonic time source; default {@link Ticker#system()}. */
    public Builder<J> ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the wall clock for event timestamps; default the UTC system clock. */
    public Builder<J> clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the deadline used by {@link JobWatchdog#track(Object)}; default 5 minutes. */
    public Builder<J> deadline(Duration deadline) {
      checkDeadline(deadline);
      this.deadline = deadline;
      return this;
    }

    /** Sets how many attempts a job gets before a stuck one is dead-lettered; default 3. */
    public Builder<J> maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast("maxAttempts", maxAttempts, 1);
      return this;
    }

    /** Whether a stuck job's worker thread is interrupted (or its future cancelled with interruption); default true. */
    public Builder<J> interruptWorkers(boolean enabled) {
      this.interruptWorkers = enabled;
      return this;
    }

    /** Whether a stuck job's worker stack is captured for events and callbacks; default true. */
    public Builder<J> captureStacks(boolean enabled) {
      this.captureStacks = enabled;
      return this;
    }

    /** Sets the requeuer; without one, every stuck job is dead-lettered. */
    public Builder<J> requeuer(Requeuer<J> requeuer) {
      this.requeuer = requireNonNull(requeuer, "requeuer");
      return this;
    }

    /** Sets the reclaimer run for every stuck job before it is requeued; default none. */
    public Builder<J> reclaimer(Reclaimer<J> reclaimer) {
      this.reclaimer = requireNonNull(reclaimer, "reclaimer");
      return this;
    }

    /** Sets the dead-letter handler; default one that logs the job at ERROR. */
    public Builder<J> deadLetter(DeadLetterHandler<J> handler) {
      this.deadLetter = requireNonNull(handler, "deadLetter");
      return this;
    }

    /** Sets the prefix of the probe's signal names; default {@code jobs}. */
    public Builder<J> signalPrefix(String prefix) {
      this.prefix = Checks.name("signalPrefix", prefix);
      return this;
    }

    /** Sets the number of wheel stripes, a power of two 1..64; default twice the processors. */
    public Builder<J> stripes(int stripes) {
      if (stripes < 1 || stripes > 64 || Integer.bitCount(stripes) != 1) {
        throw new IllegalArgumentException("stripes must be a power of two 1..64, got " + stripes);
      }
      this.stripes = stripes;
      return this;
    }

    /** Adds an event listener. */
    public Builder<J> listener(GuardEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** Returns the watchdog; no thread runs until {@link JobWatchdog#start(Duration)}. */
    public JobWatchdog<J> build() {
      return new JobWatchdog<>(this);
    }
  }
}
