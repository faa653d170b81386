package io.processguard.internal;

import io.processguard.policy.Policy;
import io.processguard.policy.Rule;
import org.jspecify.annotations.Nullable;

/** Where one rule of one target stands: its incident, ladder position and phase. */
final class RuleState {
  enum Phase { IDLE, WAITING, WAITING_FOR_SLOT, WAITING_APPROVAL, ACTING, VERIFYING, STOPPED }

  // Not final: a policy replacement updates them in place, so in-flight actions keep their state.
  Policy policy;
  Rule rule;
  @Nullable IncidentState incident;
  int nextRung;
  Phase phase = Phase.IDLE;
  long deadline = Long.MAX_VALUE;
  int approvedRung = -1;
  boolean approvedBeyondBudget;

  RuleState(Policy policy, Rule rule) {
    this.policy = policy;
    this.rule = rule;
  }

  void idle() {
    incident = null;
    approvedRung = -1;
    approvedBeyondBudget = false;
    nextRung = 0;
    phase = Phase.IDLE;
    deadline = Long.MAX_VALUE;
  }

  void phase(Phase next, long until) {
    phase = next;
    deadline = until;
  }
}
