package io.processguard.scale;

/**
 * What a scaling signal measures. The kind documents the signal and gives its conventional
 * name; the arithmetic is the same for every kind (see {@link ScalingPolicy}).
 */
public enum SignalKind {
  /** Items waiting in a queue; conventional signal {@code queue.depth}. */
  QUEUE_DEPTH("queue.depth"),
  /** Age of the oldest waiting item, or event-time lag, in seconds; {@code lag.seconds}. */
  PROCESSING_LAG("lag.seconds"),
  /** Items arriving per second; {@code rate.in}. Usually with {@link TargetType#AVERAGE_VALUE}. */
  INPUT_RATE("rate.in"),
  /** Items completed per second; {@code rate.out}. Usually with {@link TargetType#AVERAGE_VALUE}. */
  OUTPUT_RATE("rate.out");

  private final String defaultSignal;

  SignalKind(String defaultSignal) {
    this.defaultSignal = defaultSignal;
  }

  /** Returns the conventional signal name for this kind. */
  public String defaultSignal() {
    return defaultSignal;
  }
}
