package io.processguard.alert;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.processguard.spi.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One notifier behind its own bounded outbox and executor: the asynchronous delivery half of the
 * {@link AlertRouter}.
 *
 * <p>Design: {@link #enqueue} only appends to a deque and, when fewer than {@code threads}
 * workers are active, hands a worker to the executor; it never waits for the notifier. A worker
 * takes the oldest entry, reserves a rate-limit permission (waiting by re-scheduling, never by
 * sleeping), calls the notifier and, on failure, asks a Resilience4j {@code Retry.AsyncContext}
 * for the next wait, honouring {@code Retry-After}. A worker keeps its slot while it waits, so a
 * 429 slows the whole channel down, as the service asked. Thread-safe.
 */
final class Channel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

  private final ChannelConfig config;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final int concurrency;
  private final Retry retry;
  private final RateLimiter limiter;
  private final @Nullable FileOutbox file;
  private final Clock clock;
  private final Consumer<AlertEvent> events;
  private final Map<DeliveryOutcome, LongAdder> counts = new EnumMap<>(DeliveryOutcome.class);
  private final Object lock = new Object();
  private final Deque<FileOutbox.Entry> outbox = new ArrayDeque<>();
  private int active;
  private boolean closed;

  Channel(ChannelConfig config, Ticker ticker, Clock clock, JsonMapper mapper,
      Consumer<AlertEvent> events) {
    this.config = config;
    this.clock = clock;
    this.events = events;
    this.ownsExecutor = config.executor().isEmpty();
    this.executor = config.executor().orElseGet(() -> ownExecutor(config));
    this.concurrency = ownsExecutor ? config.threads() : 1;
    this.retry = Retry.of("processguard-notify-" + config.name(), retryConfig(config));
    this.limiter = RateLimiter.of("processguard-notify-" + config.name(), RateLimiterConfig.custom()
        .limitForPeriod(config.rateLimit()).limitRefreshPeriod(config.ratePeriod())
        .timeoutDuration(config.ratePeriod().multipliedBy(config.outboxCapacity() + 1L))
        .build(), ticker::read);
    for (DeliveryOutcome o : DeliveryOutcome.values()) {
      counts.put(o, new LongAdder());
    }
    this.file = config.outboxDirectory().map(dir -> openFile(dir, mapper)).orElse(null);
  }

  /** Returns the channel's name. */
  String name() {
    return config.name();
  }

  /** Enqueues the notifications the file outbox held when it was opened. */
  void replay() {
    if (file == null) {
      return;
    }
    for (FileOutbox.Entry e : file.replayed()) {
      offer(e);
    }
    if (!file.replayed().isEmpty()) {
      LOG.info("channel '{}' replays {} notifications from its outbox file", name(),
          file.replayed().size());
    }
  }

  /** Appends a notification to the outbox; never blocks on delivery. */
  void enqueue(Notification n) {
    if (file == null) {
      offer(new FileOutbox.Entry("", n));
      return;
    }
    FileOutbox.Entry e = new FileOutbox.Entry(UUID.randomUUID().toString(), n);
    file.enqueued(e);
    offer(e);
  }

  /** Returns the count of one outcome so far. */
  long count(DeliveryOutcome outcome) {
    return counts.get(outcome).sum();
  }

  /** Returns the number of notifications waiting (not counting one being delivered). */
  int backlog() {
    synchronized (lock) {
      return outbox.size();
    }
  }

  @Override
  public void close() {
    int left;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      left = outbox.size();
    }
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    if (left > 0) {
      LOG.warn("channel '{}' closed with {} notifications undelivered{}", name(), left,
          file == null ? "" : " (kept in its outbox file)");
    }
    if (file != null) {
      file.close();
    }
  }

  private void offer(FileOutbox.Entry e) {
    FileOutbox.Entry dropped = null;
    boolean start = false;
    synchronized (lock) {
      if (outbox.size() >= config.outboxCapacity()) {
        dropped = outbox.pollFirst();
      }
      outbox.addLast(e);
      if (active < concurrency && !closed) {
        active++;
        start = true;
      }
    }
    if (dropped != null) {
      dropped(dropped);
    }
    if (start) {
      submit(this::pump, 0);
    }
  }

  private void pump() {
    while (true) {
      FileOutbox.Entry e;
      synchronized (lock) {
        e = closed ? null : outbox.pollFirst();
        if (e == null) {
          active--;
          return;
        }
      }
      if (!step(new Job(e, retry.asyncContext()))) {
        return;
      }
    }
  }

  /** Runs the job as far as it goes now; returns false when it continues later on the executor. */
  private boolean step(Job job) {
    if (!job.permitted) {
      long wait = limiter.reservePermission();
      if (wait < 0) {
        later(job, config.ratePeriod().toNanos());
        return false;
      }
      job.permitted = true;
      if (wait > 0) {
        later(job, wait);
        return false;
      }
    }
    job.attempts++;
    try {
      config.notifier().deliver(job.entry.notification());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      LOG.debug("channel '{}' interrupted while delivering", name());
      return true;
    } catch (Exception | LinkageError | AssertionError ex) {
      return failed(job, ex);
    }
    job.context.onComplete();
    finish(job, DeliveryOutcome.DELIVERED, "");
    return true;
  }

  private boolean failed(Job job, Throwable ex) {
    long waitMillis = job.context.onError(ex);
    if (waitMillis < 0) {
      DeliveryOutcome o = retryable(ex) ? DeliveryOutcome.EXHAUSTED : DeliveryOutcome.REJECTED;
      LOG.atWarn().setMessage("channel '{}' gave up on {} '{}' after {} attempts ({}): {}")
          .addArgument(name()).addArgument(job.entry.notification().kind())
          .addArgument(job.entry.notification().dedupKey()).addArgument(job.attempts)
          .addArgument(o).addArgument(ex.toString())
          .addKeyValue("processguard.channel", name()).log();
      finish(job, o, ex.toString());
      return true;
    }
    counts.get(DeliveryOutcome.RETRIED).increment();
    LOG.info("channel '{}' attempt {} failed, retrying in {} ms: {}", name(), job.attempts,
        waitMillis, ex.toString());
    publish(job.entry.notification(), DeliveryOutcome.RETRIED, job.attempts, ex.toString());
    job.permitted = false;
    later(job, TimeUnit.MILLISECONDS.toNanos(waitMillis));
    return false;
  }

  private void finish(Job job, DeliveryOutcome outcome, String error) {
    counts.get(outcome).increment();
    if (file != null) {
      file.done(job.entry.id(), outcome);
    }
    publish(job.entry.notification(), outcome, job.attempts, error);
  }

  private void dropped(FileOutbox.Entry e) {
    counts.get(DeliveryOutcome.DROPPED).increment();
    LOG.atWarn().setMessage("channel '{}' outbox full ({}): dropped the oldest, {} '{}'")
        .addArgument(name()).addArgument(config.outboxCapacity())
        .addArgument(e.notification().kind()).addArgument(e.notification().dedupKey())
        .addKeyValue("processguard.channel", name()).log();
    if (file != null) {
      file.done(e.id(), DeliveryOutcome.DROPPED);
    }
    publish(e.notification(), DeliveryOutcome.DROPPED, 0, "");
  }

  private void publish(Notification n, DeliveryOutcome outcome, int attempts, String error) {
    if (outcome == DeliveryOutcome.DELIVERED) {
      events.accept(new AlertEvent.Delivered(clock.instant(), n.target(), n.dedupKey(), n.kind(),
          name(), attempts));
    } else {
      events.accept(new AlertEvent.Failed(clock.instant(), n.target(), n.dedupKey(), n.kind(),
          name(), outcome, attempts, error));
    }
  }

  private void later(Job job, long nanos) {
    submit(() -> {
      if (step(job)) {
        pump();
      }
    }, nanos);
  }

  private void submit(Runnable task, long delayNanos) {
    try {
      if (delayNanos <= 0) {
        executor.execute(task);
      } else {
        executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException ex) {
      synchronized (lock) {
        active--;
      }
      if (!closed()) {
        LOG.warn("channel '{}' executor rejected a delivery: {}", name(), ex.toString());
      }
    }
  }

  private boolean closed() {
    synchronized (lock) {
      return closed;
    }
  }

  private @Nullable FileOutbox openFile(java.nio.file.Path dir, JsonMapper mapper) {
    try {
      return FileOutbox.open(dir, name(), mapper);
    } catch (IOException e) {
      throw new UncheckedIOException("channel '" + name() + "' outbox file in " + dir
          + " cannot be opened", e);
    }
  }

  static boolean retryable(Throwable ex) {
    return !(ex instanceof NotifierException) || ((NotifierException) ex).retryable();
  }

  private static RetryConfig retryConfig(ChannelConfig c) {
    IntervalFunction backoff = c.jitter() == 0.0
        ? IntervalFunction.ofExponentialBackoff(c.initialBackoff(), c.backoffMultiplier(),
            c.maxBackoff())
        : IntervalFunction.ofExponentialRandomBackoff(c.initialBackoff(), c.backoffMultiplier(),
            c.jitter(), c.maxBackoff());
    long maxRetryAfter = c.maxRetryAfter().toMillis();
    IntervalBiFunction<Object> interval = (attempt, either) -> {
      Duration asked = retryAfter(either);
      return asked != null ? Math.min(asked.toMillis(), maxRetryAfter) : backoff.apply(attempt);
    };
    return RetryConfig.custom().maxAttempts(c.maxAttempts()).intervalBiFunction(interval)
        .retryOnException(Channel::retryable).build();
  }

  private static @Nullable Duration retryAfter(Either<Throwable, Object> either) {
    if (either.isLeft() && either.getLeft() instanceof NotifierException) {
      return ((NotifierException) either.getLeft()).retryAfter().orElse(null);
    }
    return null;
  }

  private static ScheduledExecutorService ownExecutor(ChannelConfig c) {
    AtomicInteger n = new AtomicInteger();
    String prefix = "processguard-notify-" + c.name() + "-";
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(c.threads(), factory);
    ex.setRemoveOnCancelPolicy(true);
    return ex;
  }

  /** One notification on its way: attempts so far and its retry context. */
  private static final class Job {
    final FileOutbox.Entry entry;
    final Retry.AsyncContext<Object> context;
    int attempts;
    boolean permitted;

    Job(FileOutbox.Entry entry, Retry.AsyncContext<Object> context) {
      this.entry = entry;
      this.context = context;
    }
  }
}
