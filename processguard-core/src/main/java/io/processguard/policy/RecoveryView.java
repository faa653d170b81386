package io.processguard.policy;

/**
 * What a policy needs to know about a target's recovery so far to decide: where the ladder is,
 * how much budget is used, how long since the last restart.
 *
 * @param nextRung the index of the rung to run next
 * @param restartsInWindow restart attempts that count against the budget now
 * @param streak restarts in the current backoff streak (before any reset)
 * @param nanosSinceLastRestart time since the last restart attempt, or -1 if none
 * @param quarantined whether the target is quarantined
 */
public record RecoveryView(
    int nextRung, int restartsInWindow, int streak, long nanosSinceLastRestart, boolean quarantined) {}
