package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * How the {@link AlertRouter} delivers to one notifier: its own bounded outbox (drop-oldest), its
 * own executor, retries with exponential backoff and jitter (Resilience4j {@code Retry}), a rate
 * limit (Resilience4j {@code RateLimiter}) and, optionally, a file-backed outbox that survives a
 * restart.
 *
 * <p>Immutable. Build one with {@link #builder(String, Notifier)}; defaults are the {@code
 * DEFAULT_*} constants.
 *
 * @param name the channel's name, {@code [a-z0-9-]+}; names threads {@code
 *     processguard-notify-<name>-N}, log lines and counters
 * @param notifier the notifier called for each delivery
 * @param outboxCapacity notifications waiting at most; when full the oldest is dropped
 * @param threads threads of the channel's own executor, when no executor is given
 * @param executor an executor given by the application (never shut down by ProcessGuard)
 * @param maxAttempts attempts per notification, the first included
 * @param initialBackoff wait before the second attempt
 * @param backoffMultiplier growth of the wait per attempt
 * @param maxBackoff longest wait between attempts
 * @param jitter randomization factor of each wait, in {@code [0, 1)}: a wait {@code w} becomes a
 *     random value in {@code [w(1-jitter), w(1+jitter)]}
 * @param maxRetryAfter longest wait honoured from a {@code Retry-After} header
 * @param rateLimit deliveries allowed per {@code ratePeriod}
 * @param ratePeriod the rate limit's period
 * @param outboxDirectory where the file-backed outbox {@code <name>.outbox.jsonl} lives, if any
 */
public record ChannelConfig(
    String name,
    Notifier notifier,
    int outboxCapacity,
    int threads,
    Optional<ScheduledExecutorService> executor,
    int maxAttempts,
    Duration initialBackoff,
    double backoffMultiplier,
    Duration maxBackoff,
    double jitter,
    Duration maxRetryAfter,
    int rateLimit,
    Duration ratePeriod,
    Optional<Path> outboxDirectory) {

  /** Default outbox capacity: {@value}. */
  public static final int DEFAULT_OUTBOX_CAPACITY = 1_000;
  /** Default number of executor threads: {@value}. */
  public static final int DEFAULT_THREADS = 1;
  /** Default attempts per notification, the first included: {@value}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  /** Default wait before the second attempt: 1 s. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  /** Default growth of the wait per attempt: {@value}. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
  /** Default longest wait between attempts: 1 min. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
  /** Default randomization factor of each wait: {@value}. */
  public static final double DEFAULT_JITTER = 0.2;
  /** Default longest {@code Retry-After} honoured: 5 min. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(5);
  /** Default deliveries per period: {@value}. */
  public static final int DEFAULT_RATE_LIMIT = 10;
  /** Default rate-limit period: 1 s. */
  public static final Duration DEFAULT_RATE_PERIOD = Duration.ofSeconds(1);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** Validates. */
  public ChannelConfig {
    requireNonNull(name, "name");
    requireNonNull(notifier, "notifier");
    requireNonNull(executor, "executor");
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    requireNonNull(maxRetryAfter, "maxRetryAfter");
    requireNonNull(ratePeriod, "ratePeriod");
    requireNonNull(outboxDirectory, "outboxDirectory");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("channel '" + name + "' maxBackoff " + maxBackoff
          + " must not be shorter than initialBackoff " + initialBackoff);
    }
  }

  /**
   * Starts a builder for a channel of the given name around the notifier.
   *
   * @throws IllegalArgumentException when the name is not {@code [a-z0-9][a-z0-9-]*}
   */
  public static Builder builder(String name, Notifier notifier) {
    return new Builder(name, notifier);
  }

  /** Returns a channel with every default. */
  public static ChannelConfig ofDefaults(String name, Notifier notifier) {
    return builder(name, notifier).build();
  }

  /** A mutable, single-thread builder of {@link ChannelConfig}; each setter checks its argument. */
  public static final class Builder {
    private final String name;
    private final Notifier notifier;
    private int outboxCapacity = DEFAULT_OUTBOX_CAPACITY;
    private int threads = DEFAULT_THREADS;
    private Optional<ScheduledExecutorService> executor = Optional.empty();
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double jitter = DEFAULT_JITTER;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private Duration ratePeriod = DEFAULT_RATE_PERIOD;
    private Optional<Path> outboxDirectory = Optional.empty();

    private Builder(String name, Notifier notifier) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "channel name must match [a-z0-9][a-z0-9-]*, got '" + name + "'");
      }
      this.name = name;
      this.notifier = requireNonNull(notifier, "notifier");
    }

    /** Sets how many notifications may wait; at least 1. */
    public Builder outboxCapacity(int value) {
      this.outboxCapacity = atLeast("outboxCapacity", value, 1);
      return this;
    }

    /** Sets the number of threads of the channel's own executor; at least 1. */
    public Builder threads(int value) {
      this.threads = atLeast("threads", value, 1);
      return this;
    }

    /**
     * Runs deliveries and retries on the application's executor instead of the channel's own;
     * ProcessGuard never shuts it down. Deliveries run one at a time.
     */
    public Builder executor(ScheduledExecutorService value) {
      this.executor = Optional.of(requireNonNull(value, "executor"));
      return this;
    }

    /** Sets the attempts per notification, the first included; at least 1 (1 = no retry). */
    public Builder maxAttempts(int value) {
      this.maxAttempts = atLeast("maxAttempts", value, 1);
      return this;
    }

    /** Sets the wait before the second attempt; positive. */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff = positive("initialBackoff", value);
      return this;
    }

    /** Sets the growth of the wait per attempt; at least 1. */
    public Builder backoffMultiplier(double value) {
      if (!(value >= 1.0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("backoffMultiplier must be at least 1, got " + value);
      }
      this.backoffMultiplier = value;
      return this;
    }

    /** Sets the longest wait between attempts; positive. */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = positive("maxBackoff", value);
      return this;
    }

    /** Sets the randomization factor of each wait, in {@code [0, 1)}; 0 makes waits exact. */
    public Builder jitter(double value) {
      if (!(value >= 0.0 && value < 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), got " + value);
      }
      this.jitter = value;
      return this;
    }

    /** Sets the longest wait honoured from a {@code Retry-After} header; positive. */
    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = positive("maxRetryAfter", value);
      return this;
    }

    /** Allows {@code limit} deliveries (attempts) per {@code period}. */
    public Builder rateLimit(int limit, Duration period) {
      this.rateLimit = atLeast("rateLimit", limit, 1);
      this.ratePeriod = positive("ratePeriod", period);
      return this;
    }

    /**
     * Keeps the outbox in {@code <directory>/<name>.outbox.jsonl} too: written on enqueue, marked
     * done on delivery or give-up, replayed when the router starts.
     */
    public Builder outboxDirectory(Path value) {
      this.outboxDirectory = Optional.of(requireNonNull(value, "outboxDirectory"));
      return this;
    }

    /**
     * Builds the config.
     *
     * @throws IllegalArgumentException when maxBackoff is shorter than initialBackoff
     */
    public ChannelConfig build() {
      return new ChannelConfig(name, notifier, outboxCapacity, threads, executor, maxAttempts,
          initialBackoff, backoffMultiplier, maxBackoff, jitter, maxRetryAfter, rateLimit,
          ratePeriod, outboxDirectory);
    }

    private static int atLeast(String what, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
      }
      return value;
    }

    private static Duration positive(String what, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }
  }
}
