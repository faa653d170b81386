package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Assertions on {@link DrillReport}s for JUnit (or any) tests: each throws an {@link AssertionError}
 * whose message says what was expected, what happened, the measures and the whole timeline.
 *
 * <pre>{@code
 * DrillAssertions.assertRecoversWithinRto(runner.run(drill));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class DrillAssertions {
  private DrillAssertions() {}

  /** Asserts that the drill passed: detected, recovered within the RTO, steady state held after. */
  public static void assertRecoversWithinRto(DrillReport report) {
    requireNonNull(report, "report");
    if (!report.passed() || !report.measures().metRto()) {
      throw new AssertionError(String.format(Locale.ROOT,
          "expected drill '%s' on '%s' to recover within its RTO of %s, but it %s%s%n%s",
          report.drill().name(), report.drill().target(), Checks.seconds(report.measures().rto()),
          report.outcome(), report.reason().isEmpty() ? "" : ": " + report.reason(), details(report)));
    }
  }

  /** Asserts that the drill ended with {@code expected}. */
  public static void assertOutcome(DrillReport report, DrillReport.Outcome expected) {
    requireNonNull(report, "report");
    if (report.outcome() != expected) {
      throw new AssertionError(String.format(Locale.ROOT, "expected drill '%s' on '%s' to end %s, but it %s%s%n%s",
          report.drill().name(), report.drill().target(), expected, report.outcome(),
          report.reason().isEmpty() ? "" : ": " + report.reason(), details(report)));
    }
  }

  private static String details(DrillReport r) {
    DrillReport.Measures m = r.measures();
    return String.format(Locale.ROOT, "fault: %s%nmeasures: detected after %s, time to detect %s, to engage %s, "
            + "to recover %s (RTO %s)%ntimeline:%n%s", r.drill().fault(), show(m.detectedAfter()),
        show(m.timeToDetect()), show(m.timeToEngage()), show(m.timeToRecover()), Checks.seconds(m.rto()),
        r.timelineText());
  }

  private static String show(java.util.Optional<java.time.Duration> d) {
    return d.map(Checks::seconds).orElse("-");
  }
}
