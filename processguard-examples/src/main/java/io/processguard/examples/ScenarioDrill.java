package io.processguard.examples;

import static java.util.Objects.requireNonNull;

import io.processguard.chaos.DrillReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One seed scenario run as a recovery drill: the scenario's own result and the drill report that
 * goes into the demo's HTML page.
 *
 * @param result what the scenario measured
 * @param report the drill report
 */
public record ScenarioDrill(ScenarioResult result, DrillReport report) {

  /** Validates. */
  public ScenarioDrill {
    requireNonNull(result, "result");
    requireNonNull(report, "report");
  }

  /** A scenario the demo runs: prints to {@code out}, returns its drill. */
  @FunctionalInterface
  public interface Runner {
    /** Runs the scenario. */
    ScenarioDrill run(PrintStream out);
  }

  /**
   * Wraps a scenario that injects its own fault and measures itself (no ProcessGuard incident to
   * follow) as a drill: the report carries the scenario's own figures and says so.
   */
  public static Runner wrapped(String target, Function<PrintStream, ScenarioResult> scenario) {
    return out -> {
      Instant started = Clock.systemUTC().instant();
      ScenarioResult r = scenario.apply(out);
      Instant ended = Clock.systemUTC().instant();
      return new ScenarioDrill(r, report(target, r, started, ended));
    };
  }

  private static DrillReport report(String target, ScenarioResult r, Instant started, Instant ended) {
    DrillReport.Summary summary = new DrillReport.Summary(r.scenario(), target, r.fault(), r.rto(),
        List.of(target), List.of(), List.of());
    DrillReport.Measures measures = new DrillReport.Measures(Optional.empty(), Optional.empty(), Optional.empty(),
        r.detectedAfter(), Optional.empty(), Optional.empty(), r.recoveredAfter(), r.rto(), r.metRto());
    List<String> notes = new ArrayList<>();
    notes.add("This scenario injects its own fault and measures itself: it was run whole and wrapped as a drill; "
        + "the drill runner did not inject the fault, follow an incident or sample signals. "
        + "'Detected after' and 'recovered after' are the scenario's own figures.");
    r.evidence().forEach(line -> notes.add("evidence: " + line.strip()));
    return new DrillReport(summary, "demo", started, ended,
        r.passed() ? DrillReport.Outcome.PASSED : DrillReport.Outcome.FAILED,
        r.passed() ? "" : "the scenario's own checks did not hold", measures, List.of(
            new DrillReport.Entry(started, DrillReport.Kind.DRILL, target, "scenario '" + r.scenario() + "' started"),
            new DrillReport.Entry(ended, DrillReport.Kind.DRILL, target, "scenario ended: "
                + (r.passed() ? "passed" : "failed") + " in " + Duration.between(started, ended).toMillis() + " ms")),
        List.of(), notes);
  }
}
