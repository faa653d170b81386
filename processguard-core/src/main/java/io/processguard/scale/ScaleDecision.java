package io.processguard.scale;

import java.time.Duration;
import java.util.Locale;

/**
 * What a scaling policy decides at one moment. Sealed: every outcome is one of these, and each
 * says why in {@link #describe()}. Same inputs, same decision.
 */
public sealed interface ScaleDecision {

  /** Describes the decision in words. */
  String describe();

  /**
   * Resize now.
   *
   * @param from replicas now
   * @param to replicas wanted
   */
  record Scale(int from, int to) implements ScaleDecision {
    /** Returns whether this step adds replicas. */
    public boolean up() {
      return to > from;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "scale %s from %d to %d", up() ? "out" : "in", from, to);
    }
  }

  /**
   * Keep the current size: the signal is within the band, or the stabilised recommendation is
   * the current size.
   *
   * @param replicas replicas now
   */
  record Steady(int replicas) implements ScaleDecision {
    @Override
    public String describe() {
      return "hold at " + replicas + " (within tolerance or stabilising)";
    }
  }

  /**
   * Keep the current size although more is wanted: the pool is at its maximum.
   *
   * @param max the maximum
   * @param wanted the raw recommendation
   */
  record AtMaximum(int max, int wanted) implements ScaleDecision {
    @Override
    public String describe() {
      return "hold at maximum " + max + " (recommendation " + wanted + ")";
    }
  }

  /**
   * Wait: the last step was too recent.
   *
   * @param remaining how much longer
   * @param cooldown the cooldown
   */
  record WaitCooldown(Duration remaining, Duration cooldown) implements ScaleDecision {
    @Override
    public String describe() {
      return "wait " + remaining + " more (cooldown " + cooldown + " after the last step)";
    }
  }

  /**
   * Hold: the step budget is spent.
   *
   * @param used steps within the window
   * @param budget the budget
   */
  record BudgetExhausted(int used, ScaleBudget budget) implements ScaleDecision {
    @Override
    public String describe() {
      return "scale budget exhausted: " + used + (used == 1 ? " step" : " steps") + " within "
          + budget.period() + " (max " + budget.maxSteps() + ")";
    }
  }

  /**
   * Wait: a step is still running; its result is reported on a later cycle.
   *
   * @param to the replicas it asked for
   */
  record InProgress(int to) implements ScaleDecision {
    @Override
    public String describe() {
      return "wait for the running step to " + to;
    }
  }

  /**
   * Hold: the signal (or the scalable's size) cannot be read.
   *
   * @param reason which value is missing and why
   */
  record NoSignal(String reason) implements ScaleDecision {
    @Override
    public String describe() {
      return "hold: " + reason;
    }
  }
}
