package io.processguard.examples;

import io.processguard.examples.analytics.AnalyticsPipelineScenario;
import io.processguard.examples.checkout.CheckoutScenario;
import io.processguard.examples.database.DatabaseFailoverScenario;
import io.processguard.examples.runners.RunnerFleetScenario;
import io.processguard.chaos.DrillReports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo: runs the seed scenarios one after another on the embedded default (no server), each
 * as a recovery drill, prints each timeline and a summary table, writes the drills' HTML report,
 * and exits 0 only if every scenario passed.
 */
public final class Demo {
  /**
   * The scenarios, in order; adding one is one line. Checkout runs as a true drill (the runner
   * injects its fault and follows the incident); the others (analytics, database, CI runners) inject their own fault and measure
   * themselves, and are wrapped as drills.
   */
  static final List<ScenarioDrill.Runner> SCENARIOS = List.of(
      CheckoutScenario::drill,
      ScenarioDrill.wrapped("aggregator", AnalyticsPipelineScenario::run),
      ScenarioDrill.wrapped("db-primary", DatabaseFailoverScenario::run),
      ScenarioDrill.wrapped("ci-runners", Demo::runners));

  private Demo() {}

  /** Runs every scenario; exits non-zero if one failed. */
  public static void main(String[] args) {
    int failed = run(System.out);
    System.exit(failed == 0 ? 0 : 1);
  }

  /** Runs every scenario, prints the table and writes the HTML report; returns how many failed. */
  public static int run(PrintStream out) {
    return run(out, reportFile());
  }

  /** Runs every scenario, prints the table and writes the HTML report to {@code report}; returns how many failed. */
  public static int run(PrintStream out, Path report) {
    List<ScenarioDrill> drills = new ArrayList<>();
    for (ScenarioDrill.Runner scenario : SCENARIOS) {
      drills.add(scenario.run(out));
      out.println();
    }
    List<ScenarioResult> results = drills.stream().map(ScenarioDrill::result).toList();
    printTable(out, results);
    Path written = DrillReports.writeHtml(drills.stream().map(ScenarioDrill::report).toList(), report);
    out.println();
    out.println("Drill report: " + written.toAbsolutePath().normalize());
    return (int) results.stream().filter(r -> !r.passed()).count();
  }

  /** Where the HTML report goes: the examples module's target directory, from the root or the module. */
  static Path reportFile() {
    Path module = Path.of("processguard-examples");
    Path dir = Files.isDirectory(module) ? module.resolve("target") : Path.of("target");
    return dir.resolve("drill-report.html");
  }

  private static ScenarioResult runners(PrintStream out) {
    RunnerFleetScenario.Result r = RunnerFleetScenario.run(out);
    RunnerFleetScenario.Run with = r.with();
    boolean passed = with.lost() == 0 && with.accountedFor() && with.stuckRunners() == 0;
    return new ScenarioResult("ci-runners", "builds hang on runners",
        java.util.Optional.of(RunnerFleetScenario.BUILD_DEADLINE), java.util.Optional.of(with.elapsed()),
        Duration.ofSeconds(30), passed,
        List.of("detected after = the build deadline; recovered after = until every build was completed once or "
            + "dead-lettered", with.completedOnce() + " completed once, " + with.deadLettered() + " dead-lettered, "
            + with.lost() + " lost (without the watchdog: " + r.without().lost() + " lost)"));
  }

  static void printTable(PrintStream out, List<ScenarioResult> results) {
    String format = "%-14s %-30s %-14s %-15s %-8s %-5s%n";
    out.printf(Locale.ROOT, format, "scenario", "fault", "detected after", "recovered after", "RTO", "met");
    for (ScenarioResult r : results) {
      out.printf(Locale.ROOT, format, r.scenario(), r.fault(),
          r.detectedAfter().map(Demo::seconds).orElse("-"), r.recoveredAfter().map(Demo::seconds).orElse("-"),
          seconds(r.rto()), r.passed() ? "yes" : "NO");
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }
}
