package io.processguard.scale;

/**
 * How a signal is compared with its target value, as in the Kubernetes HorizontalPodAutoscaler.
 */
public enum TargetType {
  /**
   * The signal as a whole is held at the target: {@code ratio = value / target} (a queue depth,
   * a lag).
   */
  VALUE,
  /**
   * The signal per replica is held at the target: {@code ratio = value / (target × current)}
   * (an input rate that each replica should handle).
   */
  AVERAGE_VALUE
}
