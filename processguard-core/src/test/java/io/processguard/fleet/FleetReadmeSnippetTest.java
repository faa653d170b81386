package io.processguard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.audit.AuditKey;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's fleet lines, compiled and run against the test PostgreSQL. */
class FleetReadmeSnippetTest {

  static ProcessGuard guard(DataSource dataSource, String instanceId, AuditKey auditKey) {
    // --- README: fleets ---
    PostgresFleet pg = PostgresFleet.of(dataSource); pg.migrate();
    return ProcessGuard.builder().fleet(pg.coordinator(instanceId, auditKey).disruptionBudget(DisruptionBudget.of(2)).build().start())
    // --- end ---
        .schedulerThread(false).build();
  }

  @Test
  void readmeFleetLines_buildAGuardWithACoordinator() throws Exception {
    DataSource ds = PgSupport.dataSource();
    PgSupport.freshSchema(ds);
    try (ProcessGuard guard = guard(ds, "readme-1", AuditKey.random())) {
      assertThat(guard.snapshot().inventory()).isEmpty();
    }
  }
}
