package io.processguard.testkit;

import io.processguard.policy.ActionType;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Assertions about one target that read like its policy: "was restarted 3 times", "escalated
 * once", "no action before 2 minutes", "recovered within its RTO". A failure throws {@link
 * AssertionError} whose message shows the whole timeline of events, not just expected and
 * actual. Works with any test framework.
 */
public final class TargetAssert {
  private final GuardHarness harness;
  private final String target;

  TargetAssert(GuardHarness harness, String target) {
    this.harness = harness;
    this.target = target;
  }

  /** Asserts the number of restart attempts. */
  public TargetAssert wasRestarted(int times) {
    int actual = restartTimes().size();
    check(actual == times, "to have been restarted " + times + " time(s), but it was restarted " + actual
        + " time(s) at " + restartTimes());
    return this;
  }

  /** Asserts the exact virtual times of the restart attempts. */
  public TargetAssert wasRestartedAt(Duration... times) {
    List<Duration> expected = Arrays.asList(times);
    check(restartTimes().equals(expected), "to have been restarted at " + expected + ", but it was restarted at "
        + restartTimes());
    return this;
  }

  /** Asserts that nothing was escalated. */
  public TargetAssert neverEscalated() {
    return escalated(0);
  }

  /** Asserts exactly one escalation. */
  public TargetAssert escalatedOnce() {
    return escalated(1);
  }

  /** Asserts the number of escalations. */
  public TargetAssert escalated(int times) {
    long actual = harness.events(RecoveryEvent.Escalated.class).stream().filter(e -> e.target().equals(target)).count();
    check(actual == times, "to have been escalated " + times + " time(s), but it was escalated " + actual + " time(s)");
    return this;
  }

  /** Asserts that the target was quarantined, at exactly this virtual time. */
  public TargetAssert quarantinedAt(Duration at) {
    List<Duration> when = harness.events(RecoveryEvent.Quarantined.class).stream()
        .filter(e -> e.target().equals(target)).map(Timelines::at).toList();
    check(when.equals(List.of(at)), "to have been quarantined once at " + at + ", but it was quarantined at " + when);
    return this;
  }

  /** Asserts that the target was never quarantined. */
  public TargetAssert neverQuarantined() {
    long n = harness.events(RecoveryEvent.Quarantined.class).stream().filter(e -> e.target().equals(target)).count();
    check(n == 0, "never to have been quarantined, but it was quarantined " + n + " time(s)");
    return this;
  }

  /** Asserts that no action started before the given virtual time. */
  public TargetAssert noActionBefore(Duration at) {
    List<Duration> early = harness.events(RecoveryEvent.ActionStarted.class).stream()
        .filter(e -> e.target().equals(target)).map(Timelines::at).filter(t -> t.compareTo(at) < 0).toList();
    check(early.isEmpty(), "to have no action before " + at + ", but actions started at " + early);
    return this;
  }

  /** Asserts that no action ever started. */
  public TargetAssert noAction() {
    return noActionBefore(Duration.ofDays(365_000));
  }

  /** Asserts at least one incident and that every incident recovered within the target's RTO. */
  public TargetAssert recoveredWithinRto() {
    TargetStatus status = status();
    List<Incident> incidents = harness.guard().incidents(target);
    check(!incidents.isEmpty(), "to have had an incident that recovered, but it had none");
    for (Incident i : incidents) {
      check(i.timeToRecover().isPresent(), "to have recovered from incident " + i.id() + ", but it is " + i.status());
      Duration ttr = i.timeToRecover().orElseThrow();
      check(ttr.compareTo(status.target().rto()) <= 0, "to recover from incident " + i.id() + " within its RTO "
          + status.target().rto() + ", but it took " + ttr);
    }
    return this;
  }

  /** Asserts the current state. */
  public TargetAssert isIn(TargetState state) {
    TargetStatus status = status();
    check(status.state() == state, "to be " + state + ", but it is " + status.state() + " (" + status.reason() + ")");
    return this;
  }

  /** Asserts whether the target currently takes work. */
  public TargetAssert isReady(boolean ready) {
    check(status().ready() == ready, "to be " + (ready ? "ready" : "unready") + ", but it is not");
    return this;
  }

  private TargetStatus status() {
    return harness.guard().status(target).orElseThrow(() -> new AssertionError(
        "expected target '" + target + "' to be registered, but it is not; registered: "
            + harness.guard().snapshot().targets().keySet()));
  }

  private List<Duration> restartTimes() {
    return harness.events(RecoveryEvent.ActionStarted.class).stream()
        .filter(e -> e.target().equals(target) && e.action().type() == ActionType.RESTART)
        .map(Timelines::at).toList();
  }

  private void check(boolean ok, String expectation) {
    if (!ok) {
      throw new AssertionError("expected target '" + target + "' " + expectation
          + "\n\ntimeline (virtual time):\n" + harness.timeline());
    }
  }
}
