package io.processguard.scale;

/** How a raw recommendation is computed from the signal's ratio to its target. */
public enum Algorithm {
  /** Kubernetes HPA: {@code desired = ceil(current × ratio)}. */
  PROPORTIONAL,
  /** One fixed step ({@link ScalingPolicy#stepSize()}) up when above the band, down when below. */
  STEP
}
