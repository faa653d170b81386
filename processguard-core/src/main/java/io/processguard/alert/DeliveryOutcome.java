package io.processguard.alert;

/** What happened to one notification on one channel; counted per channel. */
public enum DeliveryOutcome {
  /** The channel accepted it. */
  DELIVERED,
  /** One attempt failed and another is scheduled (counted once per retry). */
  RETRIED,
  /** The channel refused it for good (a non-retryable failure such as HTTP 400). */
  REJECTED,
  /** Every allowed attempt failed. */
  EXHAUSTED,
  /** Pushed out of a full outbox by a newer notification (drop-oldest). */
  DROPPED
}
