package io.processguard.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The recovery state of one target shared by its rules: restart history, backoff, quarantine. */
final class TargetRecovery {
  final String target;
  final ArrayDeque<Long> restarts = new ArrayDeque<>();
  final List<RuleState> rules = new ArrayList<>();
  int streak;
  long lastRestartNanos;
  boolean restarted;
  boolean quarantined;
  boolean markedUnready;

  TargetRecovery(String target) {
    this.target = target;
  }

  /** Drops restart attempts that no longer count: those at least {@code periodNanos} old. */
  int restartsWithin(long now, long periodNanos) {
    while (!restarts.isEmpty() && now - restarts.peekFirst() >= periodNanos) {
      restarts.pollFirst();
    }
    return restarts.size();
  }

  long sinceLastRestart(long now) {
    return restarted ? now - lastRestartNanos : -1;
  }

  void recordRestart(long now, int newStreak) {
    restarts.addLast(now);
    lastRestartNanos = now;
    restarted = true;
    streak = newStreak;
  }

  boolean anyOpenIncident() {
    for (RuleState r : rules) {
      if (r.incident != null) {
        return true;
      }
    }
    return false;
  }

  @org.jspecify.annotations.Nullable RuleState rule(String condition) {
    for (RuleState r : rules) {
      if (r.rule.condition().equals(condition)) {
        return r;
      }
    }
    return null;
  }
}
