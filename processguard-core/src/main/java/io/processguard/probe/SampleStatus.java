package io.processguard.probe;

/** What a probe says about its target, apart from the numbers. */
public enum SampleStatus {
  /** The measurement succeeded and the probe sees nothing wrong. */
  UP,
  /** The measurement succeeded and the probe itself sees a degradation. */
  DEGRADED,
  /** The measurement succeeded and says the target is down (for example an invalid connection). */
  DOWN,
  /** The measurement itself failed: the probe threw, returned null or overran its timeout. */
  FAILED
}
