package io.processguard.examples.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.examples.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatabaseFailoverScenarioTest {

  @Test
  void run_flappingPrimary_failsOverWithApprovalAndLeavesAVerifiableAudit() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ScenarioResult result = DatabaseFailoverScenario.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(result.passed()).as(out).isTrue();
    assertThat(out).contains("DECIDE   run rung 1: restart(db-primary-node)")
        .contains("DECIDE   wait for approval of failover(db-cluster) + alert(dba) (request apr-db-primary-")
        .contains("REFUSED  request 'apr-db-primary-")
        .contains("'mallory' is not an authorised approver")
        .contains("ACTION   failover(db-cluster) succeeded")
        .contains("RECOVER  incident db-primary-");
    assertThat(result.evidence()).anySatisfy(l -> assertThat(l).contains("at most 1 primary at any time"));
    assertThat(result.evidence()).anySatisfy(l -> assertThat(l).startsWith("tampered copy: BROKEN at entry 3 (line 3)"));
    assertThat(result.evidence()).anySatisfy(l -> assertThat(l).contains(": OK: "));
  }
}
