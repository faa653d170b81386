package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A failed delivery to an on-call channel: which channel, the HTTP status when a response came
 * back, whether trying again can help, and how long the service asked to wait ({@code
 * Retry-After}).
 *
 * <p>Immutable. The channel's retry policy retries only exceptions whose {@link #retryable()} is
 * true (429, 408 and 5xx responses, time-outs, refused or broken connections); a 400 such as
 * Slack's {@code invalid_payload} is final.
 */
public final class NotifierException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String channel;
  private final int status;
  private final boolean retryable;
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param channel the channel's name, such as {@code slack}
   * @param status the HTTP status, or {@code -1} when no response came back
   * @param retryable whether trying again can help
   * @param retryAfter the wait the service asked for, if any
   * @param message what happened, naming the channel
   * @param cause the underlying failure, if any
   */
  public NotifierException(String channel, int status, boolean retryable,
      Optional<Duration> retryAfter, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.channel = requireNonNull(channel, "channel");
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = requireNonNull(retryAfter, "retryAfter").orElse(null);
  }

  /** Returns the name of the channel that failed. */
  public String channel() {
    return channel;
  }

  /** Returns the HTTP status, or empty when no response came back (time-out, refused). */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** Returns whether trying again can help. */
  public boolean retryable() {
    return retryable;
  }

  /** Returns how long the service asked to wait before the next try, from {@code Retry-After}. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
