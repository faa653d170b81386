package io.processguard.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.examples.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckoutScenarioTest {

  @Test
  void run_leakingWorker_isRestartedAndOrdersStopFailingWithinRto() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ScenarioResult result = CheckoutScenario.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(result.passed()).as(out).isTrue();
    assertThat(result.metRto()).isTrue();
    assertThat(result.recoveredAfter().orElseThrow()).isLessThan(Duration.ofSeconds(30));
    assertThat(result.evidence().get(0)).endsWith("0 failed after recovery");
    assertThat(result.evidence().get(1)).startsWith("worker pool restarted 1 time(s)");
    assertThat(result.evidence().get(3)).isEqualTo("drill: PASSED");
    assertThat(out).contains("BREACH   checkout-slow: latency.p99.ms=")
        .contains("DECIDE   run rung 1: restart(checkout-workers) + alert(sre)")
        .contains("SRE      [TRIGGER] checkout: checkout-slow")
        .contains("SRE      [RESOLVE] checkout: checkout-slow recovered after");
  }
}
