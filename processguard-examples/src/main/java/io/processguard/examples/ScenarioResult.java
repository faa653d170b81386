package io.processguard.examples;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one seed scenario measured: the fault it injected, how long detection and recovery took
 * against the target's RTO, and the scenario's own evidence lines.
 *
 * @param scenario the scenario's name
 * @param fault the fault, in words
 * @param detectedAfter time from the first bad sample to the breach
 * @param recoveredAfter time from the breach to verified recovery, if it recovered
 * @param rto the target's recovery time objective
 * @param passed whether the scenario's own checks held (recovered within RTO, nothing lost...)
 * @param evidence lines that show what happened, for the console
 */
public record ScenarioResult(
    String scenario,
    String fault,
    Optional<Duration> detectedAfter,
    Optional<Duration> recoveredAfter,
    Duration rto,
    boolean passed,
    List<String> evidence) {

  /** Copies. */
  public ScenarioResult {
    evidence = List.copyOf(evidence);
  }

  /** Returns whether it recovered within the RTO. */
  public boolean metRto() {
    return recoveredAfter.map(r -> r.compareTo(rto) <= 0).orElse(false);
  }
}
