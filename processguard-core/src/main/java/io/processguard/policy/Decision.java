package io.processguard.policy;

import java.time.Duration;

/**
 * What a policy decides for one breached condition at one moment. Sealed: every outcome is one
 * of these, and each says why in {@link #describe()}.
 */
public sealed interface Decision {

  /** Describes the decision in words. */
  String describe();

  /**
   * Run the actions of a rung now.
   *
   * @param rungIndex the rung's index in the ladder, from 0
   * @param rung the rung
   */
  record Act(int rungIndex, Rung rung) implements Decision {
    @Override
    public String describe() {
      return "run rung " + (rungIndex + 1) + ": " + rung.describe();
    }
  }

  /**
   * Wait before restarting again: the backoff delay since the last restart has not passed.
   *
   * @param remaining how much longer to wait
   * @param delay the full delay for this attempt
   * @param attempt how many restarts the current streak already made
   */
  record WaitBackoff(Duration remaining, Duration delay, int attempt) implements Decision {
    @Override
    public String describe() {
      return "wait " + remaining + " more (backoff " + delay + " after " + attempt
          + (attempt == 1 ? " restart" : " restarts") + ")";
    }
  }

  /**
   * Stop: the restart budget is spent. The target is quarantined and escalated once.
   *
   * @param used restart attempts within the window
   * @param budget the budget
   */
  record BudgetExhausted(int used, RestartBudget budget) implements Decision {
    @Override
    public String describe() {
      return "restart budget exhausted: " + used + (used == 1 ? " restart" : " restarts") + " within "
          + budget.period() + " (max " + budget.maxRestarts() + ")";
    }
  }

  /**
   * Stop: every rung ran and the condition did not clear. Escalated once.
   *
   * @param rungs the ladder's length
   */
  record LadderExhausted(int rungs) implements Decision {
    @Override
    public String describe() {
      return "ladder exhausted: all " + rungs + (rungs == 1 ? " rung" : " rungs") + " ran and the condition did not clear";
    }
  }

  /**
   * Do nothing, for the reason given (quarantined, policy off).
   *
   * @param reason why
   */
  record Suppressed(String reason) implements Decision {
    @Override
    public String describe() {
      return "suppressed: " + reason;
    }
  }

  /**
   * Wait for a human: the rung's actions need approval (or one restart beyond the spent budget
   * does). Nothing runs until an authorised operator approves; a denial or expiry escalates.
   *
   * @param requestId the approval request, or empty in a dry run (no request is raised)
   * @param actions the actions waiting, in words
   * @param beyondBudget whether it asks for a restart beyond the spent budget
   */
  record NeedsApproval(String requestId, java.util.List<String> actions, boolean beyondBudget) implements Decision {
    /** Copies. */
    public NeedsApproval {
      actions = java.util.List.copyOf(actions);
    }

    @Override
    public String describe() {
      return "wait for approval of " + String.join(" + ", actions)
          + (beyondBudget ? " beyond the spent restart budget" : "")
          + (requestId.isEmpty() ? "" : " (request " + requestId + ")");
    }
  }

  /**
   * Wait for a free recovery slot: the limit of concurrent recoveries is reached.
   *
   * @param limit the limit
   */
  record WaitForSlot(int limit) implements Decision {
    @Override
    public String describe() {
      return "wait for a recovery slot (" + limit + " recoveries already running)";
    }
  }

  /**
   * Wait for the fleet: the fleet-wide disruption budget (or a leader lease) is not free now;
   * asked again after the coordinator's retry interval. Only with a {@code FleetCoordinator}.
   *
   * @param reason why no permit was granted
   */
  record WaitForFleetBudget(String reason) implements Decision {
    @Override
    public String describe() {
      return "wait for fleet disruption budget: " + reason;
    }
  }
}
