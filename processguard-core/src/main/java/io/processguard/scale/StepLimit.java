package io.processguard.scale;

import java.util.Locale;

/**
 * The most replicas one scale step may add or remove: the larger of a fixed number of replicas
 * and a percentage of the current count (Kubernetes HPA scaling policies with {@code
 * selectPolicy: Max}); at least one replica per step.
 *
 * <p>Immutable.
 *
 * @param replicas fixed allowance, at least 0
 * @param percent allowance as a percentage of the current count, at least 0
 */
public record StepLimit(int replicas, int percent) {

  /** No limit: a step may go straight to the stabilised recommendation. */
  public static final StepLimit UNLIMITED = new StepLimit(Integer.MAX_VALUE, 0);

  /** Validates. */
  public StepLimit {
    if (replicas < 0) {
      throw new IllegalArgumentException("step limit replicas must be >= 0, got " + replicas);
    }
    if (percent < 0) {
      throw new IllegalArgumentException("step limit percent must be >= 0, got " + percent);
    }
    if (replicas == 0 && percent == 0) {
      throw new IllegalArgumentException("step limit needs replicas or percent > 0, got 0 and 0");
    }
  }

  /** Returns a limit of a fixed number of replicas per step. */
  public static StepLimit replicas(int replicas) {
    return new StepLimit(replicas, 0);
  }

  /** Returns a limit of a percentage of the current count per step. */
  public static StepLimit percent(int percent) {
    return new StepLimit(0, percent);
  }

  /** Returns how many replicas one step may change from {@code current}: at least 1. */
  public int allowance(int current) {
    long byPercent = (long) Math.ceil(Math.max(current, 0) * (percent / 100.0));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.max(replicas, byPercent)));
  }

  /** Describes the limit in words. */
  public String describe() {
    if (replicas == Integer.MAX_VALUE) {
      return "unlimited";
    }
    if (percent == 0) {
      return replicas + (replicas == 1 ? " replica" : " replicas");
    }
    if (replicas == 0) {
      return percent + "%";
    }
    return String.format(Locale.ROOT, "max(%d replicas, %d%%)", replicas, percent);
  }
}
