package io.processguard.alert;

import java.util.Map;

/**
 * A point-in-time copy of an {@link AlertRouter}'s counters: what it sent, what it suppressed and
 * why, and what each channel did. Immutable.
 *
 * @param sent notifications handed to at least one channel, by kind
 * @param suppressed notifications kept back, by reason
 * @param channels per channel name, the count of each delivery outcome
 * @param openAlerts alerts open now (pending, muted or paged)
 * @param openPages pages open now
 */
public record AlertStats(Map<Notification.Kind, Long> sent,
    Map<SuppressionReason, Long> suppressed,
    Map<String, Map<DeliveryOutcome, Long>> channels,
    int openAlerts,
    int openPages) {

  /** Copies. */
  public AlertStats {
    sent = Map.copyOf(sent);
    suppressed = Map.copyOf(suppressed);
    channels = Map.copyOf(channels);
  }

  /** Returns how many notifications of this kind were sent. */
  public long sent(Notification.Kind kind) {
    return sent.getOrDefault(kind, 0L);
  }

  /** Returns how many notifications were suppressed for this reason. */
  public long suppressed(SuppressionReason reason) {
    return suppressed.getOrDefault(reason, 0L);
  }

  /** Returns how often the channel ended a delivery with this outcome (0 for an unknown channel). */
  public long channel(String name, DeliveryOutcome outcome) {
    return channels.getOrDefault(name, Map.of()).getOrDefault(outcome, 0L);
  }
}
