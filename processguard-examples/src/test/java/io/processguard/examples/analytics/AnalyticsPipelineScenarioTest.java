package io.processguard.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.examples.ScenarioResult;
import io.processguard.examples.analytics.AnalyticsPipelineScenario.Comparison;
import io.processguard.examples.analytics.AnalyticsPipelineScenario.RunStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalyticsPipelineScenarioTest {

  @Test
  void compare_tenfoldBurst_guardedRunScalesHoldsTheProducerAndLosesNothing() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Comparison c = AnalyticsPipelineScenario.compare(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    RunStats without = c.without();
    RunStats with = c.with();
    ScenarioResult result = c.result();

    assertThat(result.passed()).as(out).isTrue();
    assertThat(without.produced()).isEqualTo(AnalyticsPipelineScenario.TOTAL).isEqualTo(with.produced());
    assertThat(without.processed() + without.lost()).isEqualTo(without.produced());
    assertThat(without.lost()).as(out).isPositive();
    assertThat(without.maxPool()).isEqualTo(2);
    assertThat(with.lost()).isZero();
    assertThat(with.processed()).isEqualTo(AnalyticsPipelineScenario.TOTAL);
    assertThat(with.maxPool()).isEqualTo(AnalyticsPipelineScenario.MAX_POOL);
    assertThat(with.finalPool()).isEqualTo(AnalyticsPipelineScenario.MIN_POOL);
    assertThat(with.scaledBackIn()).isTrue();
    assertThat(with.engagements()).as(out).isPositive();
    assertThat(with.p99()).isLessThanOrEqualTo(AnalyticsPipelineScenario.P99_BOUND);
    assertThat(result.detectedAfter().orElseThrow()).isLessThan(Duration.ofSeconds(1));
    assertThat(result.metRto()).isTrue();
    assertThat(result.scenario()).isEqualTo("analytics");
    assertThat(out).contains("DECIDE   scale out from 2 to")
        .contains("HOLD     gate 'ingest' closed: queue.depth=")
        .contains("RELEASE  gate 'ingest' open after")
        .contains("ONCALL   [TRIGGER] aggregator/backpressure/ingest")
        .containsPattern("SCALED   pool \\d+ -> 2\\b")
        .contains("records lost")
        .contains("without ProcessGuard");
  }
}
