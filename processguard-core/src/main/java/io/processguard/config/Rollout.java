package io.processguard.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a policy version reaches the fleet: the fraction of instances that enforce it (the others
 * run it in dry-run), optionally stepping up on a schedule, the action rate considered normal,
 * and what to do when the guard acts more than that. Immutable.
 *
 * <p>Progression: the fraction in force is that of the last step whose {@code after} has passed
 * since the version was loaded, but a step is only taken while the action rate is within {@link
 * #normal()}; above it the fraction holds. With a {@link #rollback()} declared, a rate above
 * normal instead rolls the policy back.
 *
 * @param canary the fraction of instances that enforce, in [0, 1]; 1 without a rollout
 * @param steps the progressive schedule, ascending in time and fraction; empty for a fixed fraction
 * @param normal the action rate expected when the policy is right, if declared
 * @param rollback what to do when the rate exceeds normal, if declared
 */
public record Rollout(double canary, List<Step> steps, Optional<Normal> normal, Optional<Rollback> rollback) {

  /** No staged rollout: every instance enforces, nothing is watched. */
  public static final Rollout NONE = new Rollout(1.0, List.of(), Optional.empty(), Optional.empty());

  /** Validates and copies. */
  public Rollout {
    if (!(canary >= 0 && canary <= 1)) {
      throw new IllegalArgumentException("rollout canary must be in [0, 1], got " + canary);
    }
    steps = List.copyOf(steps);
    requireNonNull(normal, "normal");
    requireNonNull(rollback, "rollback");
  }

  /** Returns the scheduled fraction once {@code elapsed} has passed since the version loaded. */
  public double scheduled(Duration elapsed) {
    double f = steps.isEmpty() ? canary : 0;
    for (Step s : steps) {
      if (elapsed.compareTo(s.after()) >= 0) {
        f = s.fraction();
      }
    }
    return f;
  }

  /**
   * One step of a progressive rollout.
   *
   * @param after how long after the version loaded the step is due
   * @param fraction the fraction that enforces from then on, in [0, 1]
   */
  public record Step(Duration after, double fraction) {
    /** Validates. */
    public Step {
      requireNonNull(after, "after");
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("rollout step fraction must be in [0, 1], got " + fraction);
      }
    }
  }

  /**
   * The normal action rate: more than this within the last hour is abnormal.
   *
   * @param actionsPerHour actions of any kind started for the policy's target; {@link
   *     Integer#MAX_VALUE} when not declared
   * @param restartsPerHour restarts started for the policy's target; {@link Integer#MAX_VALUE}
   *     when not declared
   */
  public record Normal(int actionsPerHour, int restartsPerHour) {}

  /** Where a rollback goes. */
  public enum RollbackTo {
    /** The previous version of the policy if one ran on this instance, else dry-run. */
    PREVIOUS,
    /** The same version in dry-run. */
    DRY_RUN
  }

  /**
   * What an abnormal action rate does.
   *
   * @param to where the policy goes back to
   * @param page notifier names paged with the reason, through the reloader's notifiers
   */
  public record Rollback(RollbackTo to, List<String> page) {
    /** Copies. */
    public Rollback {
      requireNonNull(to, "to");
      page = List.copyOf(page);
    }
  }
}
