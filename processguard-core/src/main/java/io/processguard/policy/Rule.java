package io.processguard.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Maps one watched condition of the target to an ordered ladder of rungs.
 *
 * <p>When the condition breaches, the first rung runs; if the condition has not cleared within
 * {@code verifyWithin} after the rung's actions completed, the next rung runs. When the last rung
 * fails verification the ladder is exhausted: ProcessGuard takes no further action for that
 * incident and escalates once.
 *
 * @param condition the name of a condition watched on the target
 * @param ladder the rungs, first to last
 * @param verifyWithin how long after a rung the condition must clear to count as recovered
 */
public record Rule(String condition, List<Rung> ladder, Duration verifyWithin) {

  /** Copies. */
  public Rule {
    requireNonNull(condition, "condition");
    ladder = List.copyOf(ladder);
    requireNonNull(verifyWithin, "verifyWithin");
  }
}
