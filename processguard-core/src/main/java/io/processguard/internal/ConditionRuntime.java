package io.processguard.internal;

import io.processguard.condition.ConditionEvaluator;
import io.processguard.target.WatchedCondition;

/** A watched condition of one target with its evaluator. Owned by the scheduler thread. */
public final class ConditionRuntime {
  final WatchedCondition watched;
  final ConditionEvaluator evaluator;

  ConditionRuntime(WatchedCondition watched) {
    this.watched = watched;
    this.evaluator = ConditionEvaluator.of(watched.condition());
  }

  /** Returns the watched condition. */
  public WatchedCondition watched() {
    return watched;
  }

  /** Returns the running evaluator. */
  public ConditionEvaluator evaluator() {
    return evaluator;
  }

  /** Returns the condition's name. */
  public String name() {
    return watched.name();
  }
}
