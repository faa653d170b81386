package io.processguard.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.approval.ApprovalStatus;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL stores against a real database (see PgSupport). */
class PostgresStoresTest {
  private DataSource ds;
  private PostgresFleet pg;

  @BeforeEach
  void setUp() throws Exception {
    ds = PgSupport.dataSource();
    pg = PgSupport.freshSchema(ds);
  }

  @Test
  void migrate_twice_appliesEachFileOnce() throws Exception {
    assertThat(pg.migrate()).isEqualTo(1);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, name FROM processguard_schema_version ORDER BY version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getString(2)).isEqualTo("V1__fleet.sql");
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void publish_onOneInstance_reachesAnotherInstancesSubscriber_andOlderVersionsAreRefused() {
    PolicyStore publisher = pg.policyStore();
    PolicyStore reader = PostgresFleet.builder(ds).pollInterval(Duration.ofMinutes(5)).build().policyStore();
    List<PolicyDocument> seen = new CopyOnWriteArrayList<>();
    publisher.publish(PolicyDocument.of("checkout-recovery", 1, "v1"));
    PolicyStore.Subscription sub = reader.subscribe(seen::add);
    try {
      assertThat(seen).extracting(PolicyDocument::version).containsExactly(1L);
      publisher.publish(PolicyDocument.of("checkout-recovery", 2, "v2"));
      // The poll interval is 5 minutes: only the notification can deliver this in time.
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      assertThat(seen.get(1).content()).isEqualTo("v2");
    } finally {
      sub.close();
    }
    assertThatThrownBy(() -> publisher.publish(PolicyDocument.of("checkout-recovery", 2, "again")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("policy 'checkout-recovery' version 2 not published: version 2 is already published");
    assertThatThrownBy(() -> publisher.publish("checkout-recovery", 3, "v3", PolicyDocument.sha256("other")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash does not match its content");
    assertThat(reader.latest("checkout-recovery")).map(PolicyDocument::version).contains(2L);
  }

  @Test
  void decideAndClaim_concurrently_exactlyOneWins() throws Exception {
    ApprovalStore store = pg.approvalStore();
    store.open(SharedApproval.pending("apr-1", "a", "db", "inc-1", List.of("failover(cluster)"), "down", "processguard",
        Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T10:10:00Z")));
    assertThat(store.decide("apr-1", ApprovalStatus.APPROVED, "alice", "ok")).map(SharedApproval::decidedBy)
        .contains(Optional.of("alice"));
    assertThat(store.decide("apr-1", ApprovalStatus.DENIED, "bob", "no")).isEmpty();
    List<Boolean> wins = new CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String who = "i" + i;
      threads.add(start(() -> wins.add(store.claimExecution("apr-1", who))));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(wins).hasSize(8).containsOnlyOnce(true);
    assertThat(store.find("apr-1").orElseThrow().executedBy()).isPresent();
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void leaderLease_pausedHolderExpires_itsLateWriteIsFenced() {
    LeaseStore a = pg.leaseStore();
    LeaseStore b = pg.leaseStore();
    Lease first = a.tryAcquire("failover:db-cluster", "instance-a", Duration.ofMillis(800)).orElseThrow();
    assertThat(b.tryAcquire("failover:db-cluster", "instance-b", Duration.ofSeconds(30))).isEmpty();
    assertThat(a.fencedWrite("failover:db-cluster", first.token(), "db-cluster/primary", "db-b")).isTrue();
    // instance-a now pauses (a GC pause, a frozen VM): it neither renews nor releases.
    Lease second = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> b.tryAcquire("failover:db-cluster", "instance-b", Duration.ofSeconds(30)), Optional::isPresent)
        .orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(b.fencedWrite("failover:db-cluster", second.token(), "db-cluster/primary", "db-c")).isTrue();
    assertThat(a.fencedWrite("failover:db-cluster", first.token(), "db-cluster/primary", "db-a")).isFalse();
    assertThat(a.renew(first, Duration.ofSeconds(30))).isEmpty();
    assertThat(b.fencedRead("db-cluster/primary")).contains("db-c");
    assertThat(a.holder("failover:db-cluster")).map(Lease::holder).contains("instance-b");
  }

  @Test
  void appendFromSeveralThreads_oneChain_verifiesWithTheFileVerifier(@TempDir Path dir) throws Exception {
    AuditKey key = AuditKey.of(new byte[32]);
    AuditSink sink = pg.auditSink(key);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String instance = "i" + t;
      threads.add(start(() -> {
        for (int i = 0; i < 25; i++) {
          sink.append(AuditRecord.automated("decision").target("checkout").instanceId(instance).evidence("i", i).build(),
              Instant.parse("2026-11-28T10:00:00Z"));
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(sink.lastSequence()).isEqualTo(100);
    assertThat(sink.verify(key).isIntact()).isTrue();
    Path file = dir.resolve("fleet-audit.jsonl");
    sink.export(file);
    assertThat(io.processguard.audit.AuditVerifier.of(key).verify(file).describe()).startsWith("OK: 100 entries");
    assertThat(Files.readAllLines(file)).hasSize(100);
    assertThat(sink.read(1, 3)).extracting(e -> e.sequence()).containsExactly(1L, 2L, 3L);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE processguard_audit SET line = replace(line, '\"checkout\"', '\"checkout2\"') WHERE seq = 50");
    }
    assertThat(sink.verify(key).describe()).isEqualTo("BROKEN at entry 50 (line 50): hmac mismatch");
  }

  static Thread start(Runnable r) {
    Thread t = new Thread(r, "fleet-test");
    t.start();
    return t;
  }
}
