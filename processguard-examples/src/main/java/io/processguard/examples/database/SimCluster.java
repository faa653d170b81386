package io.processguard.examples.database;

import io.processguard.recovery.Failover;
import io.processguard.recovery.Restartable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A primary/standby pair with real asynchronous replication: a writer thread writes to whichever
 * node is primary, a replication thread copies the primary's log position to the standby a few
 * milliseconds late, and a maintenance thread can make the primary flap (up, down, up...).
 * Implements {@link Failover} for ProcessGuard and watches the invariant "never two primaries"
 * on every promotion.
 */
final class SimCluster implements Failover, AutoCloseable {
  static final long MAX_PROMOTION_LAG_BYTES = 64 * 1024;

  final SimNode a = new SimNode("db-a", SimNode.Role.PRIMARY);
  final SimNode b = new SimNode("db-b", SimNode.Role.STANDBY);
  final AtomicLong writesOk = new AtomicLong();
  final AtomicLong writesFailed = new AtomicLong();
  final AtomicInteger maxPrimaries = new AtomicInteger(1);
  /** Bytes the promoted standby had not yet received when it was promoted (the data-loss window). */
  final AtomicLong unreplicatedAtPromotion = new AtomicLong();
  private final AtomicBoolean maintenance = new AtomicBoolean();
  private volatile boolean running = true;
  private final List<Thread> threads;

  SimCluster() {
    threads = List.of(daemon("db-writer", this::writeLoop), daemon("db-replication", this::replicationLoop),
        daemon("db-maintenance", this::maintenanceLoop));
    threads.forEach(Thread::start);
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  SimNode primaryNode() {
    return a.role == SimNode.Role.PRIMARY ? a : b;
  }

  SimNode standbyNode() {
    return primaryNode() == a ? b : a;
  }

  /** Starts the maintenance window: the primary begins to flap. */
  void startMaintenance() {
    maintenance.set(true);
  }

  long replicationLag() {
    return Math.max(0, primaryNode().lsn.get() - standbyNode().lsn.get());
  }

  private void writeLoop() {
    while (running) {
      if (primaryNode().write(512)) {
        writesOk.incrementAndGet();
      } else {
        writesFailed.incrementAndGet();
      }
      LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
    }
  }

  private void replicationLoop() {
    while (running) {
      SimNode source = primaryNode();
      SimNode replica = standbyNode();
      long position = source.lsn.get();
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      if (replica.role == SimNode.Role.STANDBY && replica.up) {
        replica.lsn.accumulateAndGet(position, Math::max);
      }
    }
  }

  private void maintenanceLoop() {
    while (running) {
      LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
      SimNode node = a;
      if (maintenance.get() && node.role == SimNode.Role.PRIMARY) {
        node.up = !node.up;
      } else if (node.role != SimNode.Role.PRIMARY) {
        node.up = true;
      }
    }
  }

  /** The primary's restart: what an operator would try first. It does not stop the maintenance flapping. */
  Restartable primaryRestart() {
    return new Restartable() {
      @Override
      public void stop(Duration timeout) {
        primaryNode().up = false;
      }

      @Override
      public void start() {
        primaryNode().up = true;
      }
    };
  }

  @Override
  public String primary() {
    return primaryNode().id;
  }

  @Override
  public Candidate candidate() {
    SimNode standby = standbyNode();
    long lag = replicationLag();
    boolean eligible = standby.up && standby.role == SimNode.Role.STANDBY && lag <= MAX_PROMOTION_LAG_BYTES;
    return new Candidate(standby.id, eligible,
        "replication lag " + lag + " B " + (lag <= MAX_PROMOTION_LAG_BYTES ? "<=" : ">") + " "
            + MAX_PROMOTION_LAG_BYTES + " B", Optional.of("db-standby"));
  }

  @Override
  public void fence(String node) {
    SimNode n = node.equals(a.id) ? a : b;
    n.role = SimNode.Role.FENCED;
  }

  @Override
  public void promote(String node) {
    SimNode n = node.equals(a.id) ? a : b;
    unreplicatedAtPromotion.set(Math.max(0, replicationSource(n).lsn.get() - n.lsn.get()));
    n.role = SimNode.Role.PRIMARY;
    int primaries = (a.role == SimNode.Role.PRIMARY ? 1 : 0) + (b.role == SimNode.Role.PRIMARY ? 1 : 0);
    maxPrimaries.accumulateAndGet(primaries, Math::max);
  }

  private SimNode replicationSource(SimNode n) {
    return n == a ? b : a;
  }

  @Override
  public void close() {
    running = false;
  }
}
