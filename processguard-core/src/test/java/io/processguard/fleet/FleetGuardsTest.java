package io.processguard.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.approval.ApprovalException;
import io.processguard.approval.ApprovalRequest;
import io.processguard.approval.ApprovalStatus;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditRecord;
import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Capability;
import io.processguard.policy.Decision;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.recovery.Failover;
import io.processguard.recovery.FencingToken;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.recovery.Restartable;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several guards in one JVM, each its own instance on its own virtual time, sharing one real PostgreSQL. */
class FleetGuardsTest {
  private static final AuditKey KEY = AuditKey.of(new byte[32]);
  private DataSource ds;
  private PostgresFleet pg;

  @BeforeEach
  void setUp() throws Exception {
    ds = PgSupport.dataSource();
    pg = PgSupport.freshSchema(ds);
  }

  /** One instance: a guard on its own ticker, a breach switch, a counting restartable. */
  static final class Instance {
    final ManualTicker time = new ManualTicker();
    final AtomicBoolean bad = new AtomicBoolean();
    final AtomicInteger restarts = new AtomicInteger();
    final List<Decision> decisions = new CopyOnWriteArrayList<>();
    final FleetCoordinator fleet;
    final ProcessGuard guard;

    Instance(PostgresFleet pg, String id, DisruptionBudget budget) {
      fleet = pg.coordinator(id, KEY).disruptionBudget(budget).retryInterval(Duration.ofSeconds(1))
          .background(false).build().start();
      Restartable workers = new Restartable() {
        @Override
        public void stop(Duration grace) { }

        @Override
        public void start() {
          restarts.incrementAndGet();
        }
      };
      guard = ProcessGuard.builder().ticker(time).clock(time).schedulerThread(false).logEvents(false)
          .probeExecutor(Runnable::run).actionExecutor(Runnable::run).directAlerts(true)
          .fleet(fleet).restartable("workers", workers)
          .listener(e -> {
            if (e instanceof RecoveryEvent.DecisionMade d) {
              decisions.add(d.record().decision());
            }
          })
          .target(TargetSpec.builder(Target.of("svc"))
              .probe("p", () -> Sample.of("bad", bad.get() ? 1 : 0), Duration.ofSeconds(1))
              .condition("bad", Severity.CRITICAL, Condition.signal("bad").above(0.5).forSamples(1).clearBelow(0.5))
              .build())
          .policy(Policy.builder("svc-recovery", "svc")
              .rule("bad", Duration.ofSeconds(2), Rung.of(ActionSpec.restart("workers")),
                  Rung.of(ActionSpec.restart("workers")), Rung.of(ActionSpec.restart("workers")),
                  Rung.of(ActionSpec.restart("workers")), Rung.of(ActionSpec.restart("workers")),
                  Rung.of(ActionSpec.restart("workers")), Rung.of(ActionSpec.restart("workers")),
                  Rung.of(ActionSpec.restart("workers")))
              .restartBudget(RestartBudget.of(1000, Duration.ofMinutes(1))).backoff(Backoff.NONE).build())
          .build().start();
    }

    void step() {
      time.advance(Duration.ofSeconds(1));
      guard.tick();
    }

    long waits() {
      return decisions.stream().filter(d -> d instanceof Decision.WaitForFleetBudget).count();
    }
  }

  @Test
  void concurrentBreaches_onFiveInstances_neverExceedTheFleetBudget() throws Exception {
    DisruptionBudget budget = DisruptionBudget.of(2).withRate(10_000, Duration.ofMinutes(1));
    List<Instance> fleet = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fleet.add(new Instance(pg, "svc-" + i, budget));
    }
    Random random = new Random(20261128);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      for (int round = 0; round < 40; round++) {
        for (Instance in : fleet) {
          in.bad.set(random.nextDouble() < 0.7);
        }
        List<Future<?>> steps = new ArrayList<>();
        for (Instance in : fleet) {
          steps.add(pool.submit(in::step));
        }
        for (Future<?> f : steps) {
          f.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    int restarts = fleet.stream().mapToInt(in -> in.restarts.get()).sum();
    long waits = fleet.stream().mapToLong(Instance::waits).sum();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM processguard_slots")).as("one slot per restart").isEqualTo(restarts);
      assertThat(count(s, "SELECT coalesce(max(level), 0) FROM (SELECT sum(delta) OVER (ORDER BY event) AS level FROM ("
          + "SELECT start_event AS event, 1 AS delta FROM processguard_slots UNION ALL "
          + "SELECT end_event, -1 FROM processguard_slots WHERE end_event IS NOT NULL) e) l"))
          .as("most slots held at once").isEqualTo(2);
      assertThat(count(s, "SELECT count(*) FROM processguard_slots WHERE end_reason = 'expired'")).isZero();
    }
    assertThat(restarts).isGreaterThan(20);
    assertThat(waits).as("rungs that waited for the fleet budget").isPositive();
    fleet.forEach(in -> in.fleet.close());
  }

  /** A two-node cluster that records fence and promote calls. */
  static class Cluster implements Failover {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String primary = "db-a";

    @Override
    public String primary() {
      return primary;
    }

    @Override
    public Candidate candidate() {
      return new Candidate(primary.equals("db-a") ? "db-b" : "db-a", true, "lag 0 B", Optional.empty());
    }

    @Override
    public void fence(String node) {
      calls.add("fence " + node);
    }

    @Override
    public void promote(String node) {
      calls.add("promote " + node);
      primary = node;
    }
  }

  private static ProcessGuard failoverGuard(ManualTicker time, FleetCoordinator fleet, Cluster cluster) {
    return ProcessGuard.builder().ticker(time).clock(time).schedulerThread(false).logEvents(false)
        .probeExecutor(Runnable::run).actionExecutor(Runnable::run).directAlerts(true)
        .fleet(fleet).grant(Capability.FAILOVER).failover("cluster", cluster)
        .target(TargetSpec.builder(Target.of("db"))
            .probe("up", () -> Sample.of("db.up", 0), Duration.ofSeconds(5))
            .condition("down", Severity.CRITICAL, Condition.signal("db.up").below(1).forSamples(2)).build())
        .policy(Policy.builder("db-failover", "db").approvalTimeout(Duration.ofMinutes(10))
            .rule("down", Rung.of(ActionSpec.failover("cluster"))).build())
        .build().start();
  }

  @Test
  void approve_throughInstanceA_executesExactlyOnceOnInstanceB() throws Exception {
    ManualTicker timeA = new ManualTicker();
    ManualTicker timeB = new ManualTicker();
    FleetCoordinator fleetA = pg.coordinator("a", KEY).background(false).build().start();
    FleetCoordinator fleetB = pg.coordinator("b", KEY).background(false).build().start();
    Cluster cluster = new Cluster();
    ProcessGuard a = ProcessGuard.builder().ticker(timeA).clock(timeA).schedulerThread(false).logEvents(false)
        .fleet(fleetA).build();
    ProcessGuard b = failoverGuard(timeB, fleetB, cluster);
    for (int i = 0; i < 3; i++) {
      timeB.advance(Duration.ofSeconds(5));
      b.tick();
    }
    assertThat(b.pendingApprovals()).hasSize(1);
    String id = b.pendingApprovals().get(0).id();
    assertThat(a.pendingApprovals()).isEmpty();

    assertThatThrownBy(() -> a.approve(id, "processguard", "self"))
        .isInstanceOf(ApprovalException.class).hasMessageContaining("automated identity");
    ApprovalRequest approved = a.approve(id, "alice", "standby is caught up");
    assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approved.decidedBy()).contains("alice");
    assertThatThrownBy(() -> a.approve(id, "bob", "again"))
        .isInstanceOf(ApprovalException.class).hasMessage("request '" + id + "' is already APPROVED");
    assertThat(cluster.calls).isEmpty();

    for (int i = 0; i < 4; i++) {
      timeB.advance(Duration.ofSeconds(1));
      b.tick();
    }
    assertThat(cluster.calls).containsExactly("fence db-a", "promote db-b");
    assertThat(b.pendingApprovals()).isEmpty();
    SharedApproval stored = fleetA.approvals().find(id).orElseThrow();
    assertThat(stored.executedBy()).contains("b");
    assertThat(fleetA.claim(id)).isFalse();
    assertThat(fleetB.claim(id)).isFalse();
    List<String> actions = fleetA.auditSink().read(1, 1000).stream().map(e -> e.instanceId().orElse("") + " " + e.action())
        .toList();
    assertThat(actions).contains("b approval.requested", "a approval.approved", "b action.failover");
    assertThat(fleetA.auditSink().verify(KEY).isIntact()).isTrue();
    a.close();
    b.close();
  }

  @Test
  void databaseStoppedMidRun_auditIsQueuedThenFlushedInOrder_andTheChainVerifies() throws Exception {
    FleetCoordinator fleet = pg.coordinator("svc-0", KEY).disruptionBudget(DisruptionBudget.of(2))
        .background(false).build().start();
    for (int i = 0; i < 20; i++) {
      assertThat(fleet.audit(AuditRecord.automated("decision").evidence("i", i).build())).isNull();
    }
    PgSupport.pgctl("stop");
    try {
      for (int i = 20; i < 50; i++) {
        assertThat(fleet.audit(AuditRecord.automated("decision").evidence("i", i).build())).isNull();
      }
      assertThat(fleet.online()).isFalse();
      assertThat(fleet.queuedAuditEntries()).isEqualTo(30);
      // Offline: the local share is the budget 2 over the last known fleet of 1 instance.
      FleetCoordinator.Permit p1 = fleet.acquire("svc: restart", List.of());
      FleetCoordinator.Permit p2 = fleet.acquire("svc: restart", List.of());
      assertThat(p1.slot().map(DisruptionSlot::local)).contains(true);
      assertThat(p2.granted()).isTrue();
      assertThat(fleet.acquire("svc: restart", List.of()).refusal()).contains("local share of the disruption budget");
      assertThat(fleet.acquire("db: failover", List.of("failover:db")).refusal()).contains("no leader lease");
      fleet.release(p1);
      fleet.release(p2);
    } finally {
      PgSupport.pgctl("start");
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(fleet::flushAudit);
    assertThat(fleet.online()).isTrue();
    assertThat(fleet.queuedAuditEntries()).isZero();
    AuditSink sink = fleet.auditSink();
    assertThat(sink.lastSequence()).isEqualTo(50);
    assertThat(sink.read(1, 100)).extracting(e -> e.evidence().get("i"))
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
    assertThat(sink.verify(KEY).describe()).startsWith("OK: 50 entries");
    fleet.close();
  }

  @Test
  void databaseStoppedWhileGuardsRun_breachesAreEnforcedUnderTheLocalShare_andNoAuditEntryIsLost() throws Exception {
    Instance a = new Instance(pg, "svc-a", DisruptionBudget.of(2));
    Instance b = new Instance(pg, "svc-b", DisruptionBudget.of(2));
    a.fleet.sync();
    b.fleet.sync();
    assertThat(a.fleet.lastKnownFleetSize()).isEqualTo(2);
    for (Instance i : List.of(a, b)) {
      i.bad.set(true);
      i.step();
      i.bad.set(false);
      i.step();
    }
    assertThat(a.restarts.get() + b.restarts.get()).isEqualTo(2);
    long before = a.fleet.auditSink().lastSequence();

    PgSupport.pgctl("stop");
    try {
      for (Instance i : List.of(a, b)) {
        i.bad.set(true);
        i.step();
        i.bad.set(false);
        i.step();
      }
      // Offline, each instance may restart on its own share: budget 2 over 2 known instances = 1.
      assertThat(a.restarts.get()).isEqualTo(2);
      assertThat(b.restarts.get()).isEqualTo(2);
      assertThat(a.fleet.online()).isFalse();
      assertThat(a.fleet.queuedAuditEntries()).isPositive();
      assertThat(b.fleet.queuedAuditEntries()).isPositive();
    } finally {
      PgSupport.pgctl("start");
    }
    int queued = a.fleet.queuedAuditEntries() + b.fleet.queuedAuditEntries();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> a.fleet.flushAudit() & b.fleet.flushAudit());
    AuditSink sink = a.fleet.auditSink();
    assertThat(sink.lastSequence()).isEqualTo(before + queued);
    assertThat(sink.read(before + 1, 1000)).extracting(AuditEntry::action)
        .contains("incident.opened", "decision", "action.restart", "incident.recovered");
    assertThat(sink.verify(KEY).describe()).startsWith("OK: " + (before + queued) + " entries");
    a.guard.close();
    b.guard.close();
    a.fleet.close();
    b.fleet.close();
  }

  @Test
  void permitHeldLongerThanItsTtl_isRenewedEachSync_andReleasedOnCompletion() throws Exception {
    FleetCoordinator a = pg.coordinator("a", KEY).permitTtl(Duration.ofSeconds(2)).heartbeat(Duration.ofMillis(500))
        .background(false).build().start();
    FleetCoordinator b = pg.coordinator("b", KEY).background(false).build().start();
    FleetCoordinator.Permit permit = a.acquire("db: failover", List.of("failover:db"));
    assertThat(permit.granted()).isTrue();
    long started = System.nanoTime();

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
      a.sync();
      return System.nanoTime() - started > Duration.ofSeconds(5).toNanos();
    });

    assertThat(a.heldPermits()).isEqualTo(1);
    assertThat(a.leases().holder("failover:db").map(Lease::token)).isEqualTo(permit.token("failover:db"));
    assertThat(a.leases().activeSlots(FleetCoordinator.DEFAULT_POOL)).extracting(DisruptionSlot::token)
        .containsExactly(permit.slot().orElseThrow().token());
    assertThat(b.acquire("db: failover", List.of("failover:db")).granted()).isFalse();
    a.release(permit);
    assertThat(a.heldPermits()).isZero();
    assertThat(b.acquire("db: failover", List.of("failover:db")).granted()).isTrue();
    a.close();
    b.close();
  }

  /** A cluster whose promotion writes the new primary through the fleet store, fenced by the token. */
  static final class FencedCluster extends Cluster {
    final LeaseStore store;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch proceed;
    final List<String> writes = new CopyOnWriteArrayList<>();

    FencedCluster(LeaseStore store, boolean stall) {
      this.store = store;
      this.proceed = new CountDownLatch(stall ? 1 : 0);
    }

    @Override
    public void promote(String node, FencingToken token) throws Exception {
      entered.countDown();
      proceed.await();
      boolean accepted = store.fencedWrite(token.lease(), token.value(), "db.primary", node + "#" + token.value());
      writes.add(node + " token " + token.value() + (accepted ? " accepted" : " rejected"));
      if (!accepted) {
        throw new IllegalStateException("fenced write rejected: token " + token.value() + " is stale");
      }
      promote(node);
    }
  }

  private ProcessGuard fencedGuard(ManualTicker time, FleetCoordinator fleet, Failover cluster, Executor actions) {
    return ProcessGuard.builder().ticker(time).clock(time).schedulerThread(false).logEvents(false)
        .probeExecutor(Runnable::run).actionExecutor(actions).directAlerts(true)
        .fleet(fleet).grant(Capability.FAILOVER).failover("cluster", cluster)
        .target(TargetSpec.builder(Target.of("db"))
            .probe("up", () -> Sample.of("db.up", 0), Duration.ofSeconds(5))
            .condition("down", Severity.CRITICAL, Condition.signal("db.up").below(1).forSamples(2)).build())
        .policy(Policy.builder("db-failover", "db").approvalTimeout(Duration.ofMinutes(10))
            .rule("down", Rung.of(ActionSpec.failover("cluster"))).build())
        .build().start();
  }

  private static void breachAndApprove(ManualTicker time, ProcessGuard guard) {
    for (int i = 0; i < 3; i++) {
      time.advance(Duration.ofSeconds(5));
      guard.tick();
    }
    assertThat(guard.pendingApprovals()).hasSize(1);
    guard.approve(guard.pendingApprovals().get(0).id(), "alice", "primary is gone");
    time.advance(Duration.ofSeconds(1));
    guard.tick();
  }

  @Test
  void leaderStallsInsidePromote_leaseExpiresAndAnotherGuardTakesOver_lateFencedWriteIsRejected() throws Exception {
    DisruptionBudget budget = DisruptionBudget.of(1).withRate(100, Duration.ofMinutes(1));
    FleetCoordinator fleetA = pg.coordinator("a", KEY).disruptionBudget(budget).permitTtl(Duration.ofSeconds(2))
        .heartbeat(Duration.ofMillis(500)).background(false).build().start();
    FleetCoordinator fleetB = pg.coordinator("b", KEY).disruptionBudget(budget).permitTtl(Duration.ofSeconds(2))
        .heartbeat(Duration.ofMillis(500)).background(false).build().start();
    FencedCluster clusterA = new FencedCluster(fleetA.leases(), true);
    FencedCluster clusterB = new FencedCluster(fleetB.leases(), false);
    ExecutorService stalled = Executors.newSingleThreadExecutor();
    ManualTicker timeA = new ManualTicker();
    ManualTicker timeB = new ManualTicker();
    timeB.advance(Duration.ofMinutes(1));   // B's incident and request get ids of their own
    ProcessGuard a = fencedGuard(timeA, fleetA, clusterA, stalled);
    ProcessGuard b = fencedGuard(timeB, fleetB, clusterB, Runnable::run);
    try {
      breachAndApprove(timeA, a);
      assertThat(clusterA.entered.await(10, TimeUnit.SECONDS)).as("A is inside promote").isTrue();
      long tokenA = fleetA.leases().holder("failover:cluster").orElseThrow().token();
      // A is killed mid-action: its coordinator no longer syncs, so its lease and slot lapse.
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> fleetB.leases().holder("failover:cluster").isEmpty());

      breachAndApprove(timeB, b);

      assertThat(clusterB.writes).hasSize(1);
      long tokenB = fleetB.leases().fencedRead("db.primary").map(v -> Long.parseLong(v.substring(v.indexOf('#') + 1)))
          .orElseThrow();
      assertThat(tokenB).isGreaterThan(tokenA);
      assertThat(clusterB.writes).containsExactly("db-b token " + tokenB + " accepted");
      clusterA.proceed.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> clusterA.writes.size() == 1);
      assertThat(clusterA.writes).containsExactly("db-b token " + tokenA + " rejected");
      assertThat(fleetB.leases().fencedRead("db.primary")).contains("db-b#" + tokenB);
      assertThat(clusterA.calls).doesNotContain("promote db-b");
      assertThat(clusterB.calls).containsExactly("fence db-a", "promote db-b");
    } finally {
      clusterA.proceed.countDown();
      stalled.shutdownNow();
      a.close();
      b.close();
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
