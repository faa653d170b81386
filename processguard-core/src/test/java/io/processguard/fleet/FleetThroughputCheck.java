package io.processguard.fleet;

import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Measures lease and audit throughput against the local PostgreSQL (not a unit test: run with
 * {@code .ci/with-postgres.sh mvn -pl processguard-core exec:java} or from an IDE). Prints ops/s.
 */
final class FleetThroughputCheck {
  private FleetThroughputCheck() {}

  public static void main(String[] args) throws Exception {
    DataSource ds = PgSupport.dataSource();
    PostgresFleet pg = PgSupport.freshSchema(ds);
    LeaseStore leases = pg.leaseStore();
    AuditSink audit = pg.auditSink(AuditKey.of(new byte[32]));
    for (int threads : new int[] {1, 4}) {
      run("lease acquire+release (one lease per thread)", threads, 4000, (t, i) -> {
        Lease l = leases.tryAcquire("bench:" + t, "i" + t, Duration.ofSeconds(30)).orElseThrow();
        leases.release(l);
      });
      run("disruption slot acquire+release (shared pool)", threads, 3000, (t, i) ->
          leases.tryAcquireSlot("bench", "i" + t, "s", DisruptionBudget.of(64).withRate(1_000_000, Duration.ofMinutes(1)),
              Duration.ofMinutes(1)).slot().ifPresent(leases::releaseSlot));
      run("audit append (one entry per transaction)", threads, 4000, (t, i) ->
          audit.append(AuditRecord.automated("decision").target("checkout").evidence("i", i).build(), Instant.now()));
    }
    List<AuditSink.Timed> batch = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      batch.add(new AuditSink.Timed(AuditRecord.automated("decision").evidence("i", i).build(), Instant.now()));
    }
    run("audit appendAll (500-entry flush batches), entries", 1, 20, (t, i) -> audit.appendAll(batch), 500);
    System.out.println("chain " + audit.verify(AuditKey.of(new byte[32])).describe().substring(0, 20));
  }

  interface Op {
    void run(int thread, int i) throws Exception;
  }

  static void run(String name, int threads, int opsPerThread, Op op) throws Exception {
    run(name, threads, opsPerThread, op, 1);
  }

  static void run(String name, int threads, int opsPerThread, Op op, int unitsPerOp) throws Exception {
    for (int i = 0; i < Math.min(200, opsPerThread); i++) {
      op.run(0, i);
    }
    List<Thread> ts = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        try {
          for (int i = 0; i < opsPerThread; i++) {
            op.run(id, i);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    double secs = (System.nanoTime() - start) / 1e9;
    double ops = (double) threads * opsPerThread * unitsPerOp / secs;
    System.out.println(String.format(Locale.ROOT, "%-55s threads=%d  %8.0f ops/s  (%.3f ms/op per thread)", name,
        threads, ops, secs * 1000 / opsPerThread / unitsPerOp));
  }
}
