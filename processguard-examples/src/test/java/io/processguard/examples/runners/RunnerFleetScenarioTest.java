package io.processguard.examples.runners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunnerFleetScenarioTest {
  private static RunnerFleetScenario.Result result;
  private static String table;

  @BeforeAll
  static void runBoth() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    result = RunnerFleetScenario.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    table = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void hangingBuilds_seededWorkload_isFixed() {
    assertThat(RunnerFleetScenario.hangingBuilds()).containsExactly(90, 19);
  }

  @Test
  void run_withWatchdog_everyBuildCompletedOnceOrDeadLettered() {
    RunnerFleetScenario.Run with = result.with();
    assertThat(with.lost()).isZero();
    assertThat(with.stuckRunners()).isZero();
    assertThat(with.deadLettered()).isEqualTo(19);
    assertThat(with.completedOnce()).isEqualTo(RunnerFleetScenario.BUILDS - 19);
    assertThat(with.requeued()).isGreaterThanOrEqualTo(90);
    assertThat(with.duplicatesDropped()).isLessThanOrEqualTo((int) with.lateCompletions());
    assertThat(with.accountedFor()).isTrue();
  }

  @Test
  void run_withoutWatchdog_hungRunnersHoldBuildsForeverAndTheRestNeverRun() {
    RunnerFleetScenario.Run without = result.without();
    assertThat(without.stuckRunners()).isEqualTo(RunnerFleetScenario.RUNNERS);
    assertThat(without.lost()).isPositive();
    assertThat(without.deadLettered()).isZero();
    assertThat(without.duplicatesDropped()).isZero();
    assertThat(without.completedOnce() + without.lost()).isEqualTo(RunnerFleetScenario.BUILDS);
    assertThat(without.accountedFor()).isTrue();
  }

  @Test
  void print_sideBySideTable_showsBothRuns() {
    assertThat(table).contains("without watchdog", "with ProcessGuard", "completed exactly once", "lost");
  }
}
