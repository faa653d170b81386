package io.processguard.examples;

import io.processguard.examples.analytics.AnalyticsPipelineScenario;
import io.processguard.examples.checkout.CheckoutScenario;
import io.processguard.examples.database.DatabaseFailoverScenario;
import io.processguard.examples.runners.RunnerFleetScenario;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo: runs the seed scenarios one after another on the embedded default (no server),
 * prints each timeline and a summary table, and exits 0 only if every scenario passed.
 */
public final class Demo {
  private Demo() {}

  /** Runs every scenario; exits non-zero if one failed. */
  public static void main(String[] args) {
    int failed = run(System.out);
    System.exit(failed == 0 ? 0 : 1);
  }

  /** Runs every scenario and prints the table; returns how many failed. */
  public static int run(PrintStream out) {
    List<ScenarioResult> results = new ArrayList<>();
    results.add(CheckoutScenario.run(out));
    out.println();
    results.add(AnalyticsPipelineScenario.run(out));
    out.println();
    results.add(DatabaseFailoverScenario.run(out));
    out.println();
    results.add(runners(out));
    out.println();
    printTable(out, results);
    return (int) results.stream().filter(r -> !r.passed()).count();
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
