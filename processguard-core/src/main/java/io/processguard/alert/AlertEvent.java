package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEvent;
import java.time.Instant;
import java.util.List;

/**
 * Something the alert router or one of its channels did with a notification: routed, suppressed,
 * delivered or failed. Immutable records; listeners see them through {@link
 * io.processguard.event.GuardEventListener}.
 */
public sealed interface AlertEvent extends GuardEvent {

  /** Returns the dedup key of the notification concerned. */
  String dedupKey();

  /** Returns the kind of the notification concerned. */
  Notification.Kind kind();

  /**
   * The router decided to send a notification and handed it to these channels' outboxes.
   *
   * @param timestamp when, from the router's clock
   * @param target the target's name
   * @param dedupKey the notification's dedup key
   * @param kind the notification's kind
   * @param severity the notification's severity
   * @param channels the channels it was handed to, in route order
   */
  record Routed(Instant timestamp, String target, String dedupKey, Notification.Kind kind,
      AlertSeverity severity, List<String> channels) implements AlertEvent {
    /** Validates and copies. */
    public Routed {
      requireNonNull(timestamp, "timestamp");
      requireNonNull(target, "target");
      requireNonNull(dedupKey, "dedupKey");
      requireNonNull(kind, "kind");
      requireNonNull(severity, "severity");
      channels = List.copyOf(channels);
    }

    @Override
    public String type() {
      return "alert.routed";
    }
  }

  /**
   * The router kept a notification back, for the given reason.
   *
   * @param timestamp when, from the router's clock
   * @param target the target's name
   * @param dedupKey the notification's dedup key
   * @param kind the notification's kind
   * @param reason why it was not sent
   */
  record Suppressed(Instant timestamp, String target, String dedupKey, Notification.Kind kind,
      SuppressionReason reason) implements AlertEvent {
    /** Validates. */
    public Suppressed {
      requireNonNull(timestamp, "timestamp");
      requireNonNull(target, "target");
      requireNonNull(dedupKey, "dedupKey");
      requireNonNull(kind, "kind");
      requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
      return "alert.suppressed";
    }
  }

  /**
   * A channel delivered a notification.
   *
   * @param timestamp when, from the router's clock
   * @param target the target's name
   * @param dedupKey the notification's dedup key
   * @param kind the notification's kind
   * @param channel the channel's name
   * @param attempts how many attempts it took, at least 1
   */
  record Delivered(Instant timestamp, String target, String dedupKey, Notification.Kind kind,
      String channel, int attempts) implements AlertEvent {
    /** Validates. */
    public Delivered {
      requireNonNull(timestamp, "timestamp");
      requireNonNull(target, "target");
      requireNonNull(dedupKey, "dedupKey");
      requireNonNull(kind, "kind");
      requireNonNull(channel, "channel");
    }

    @Override
    public String type() {
      return "alert.delivered";
    }
  }

  /**
   * A channel failed to deliver a notification: one attempt failed and will be retried ({@link
   * DeliveryOutcome#RETRIED}), or it was given up ({@link DeliveryOutcome#REJECTED}, {@link
   * DeliveryOutcome#EXHAUSTED}, {@link DeliveryOutcome#DROPPED}).
   *
   * @param timestamp when, from the router's clock
   * @param target the target's name
   * @param dedupKey the notification's dedup key
   * @param kind the notification's kind
   * @param channel the channel's name
   * @param outcome what happened
   * @param attempts attempts made so far (0 when dropped before the first)
   * @param error the failure's message; empty when dropped
   */
  record Failed(Instant timestamp, String target, String dedupKey, Notification.Kind kind,
      String channel, DeliveryOutcome outcome, int attempts, String error) implements AlertEvent {
    /** Validates. */
    public Failed {
      requireNonNull(timestamp, "timestamp");
      requireNonNull(target, "target");
      requireNonNull(dedupKey, "dedupKey");
      requireNonNull(kind, "kind");
      requireNonNull(channel, "channel");
      requireNonNull(outcome, "outcome");
      requireNonNull(error, "error");
    }

    @Override
    public String type() {
      return outcome == DeliveryOutcome.RETRIED ? "alert.retried" : "alert.failed";
    }
  }
}
