package io.processguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.recovery.Failover;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** "Never two primaries", under any interleaving of concurrent failover triggers. */
class FailoverRunnerPropertyTest {

  enum Role { PRIMARY, STANDBY, FENCED }

  /** A cluster model that counts primaries at every promotion, with random pauses to shake interleavings. */
  static final class ModelCluster implements Failover {
    final Map<String, Role> roles = new ConcurrentHashMap<>();
    final AtomicInteger maxPrimaries = new AtomicInteger();
    final Random random;

    ModelCluster(int nodes, long seed) {
      random = new Random(seed);
      roles.put("n0", Role.PRIMARY);
      for (int i = 1; i < nodes; i++) {
        roles.put("n" + i, Role.STANDBY);
      }
    }

    private void jiggle() {
      int r;
      synchronized (random) {
        r = random.nextInt(3);
      }
      for (int i = 0; i < r; i++) {
        Thread.yield();
      }
    }

    @Override
    public String primary() {
      jiggle();
      return roles.entrySet().stream().filter(e -> e.getValue() == Role.PRIMARY).map(Map.Entry::getKey)
          .sorted().findFirst().orElse("");
    }

    @Override
    public Candidate candidate() {
      jiggle();
      Optional<String> standby = roles.entrySet().stream().filter(e -> e.getValue() == Role.STANDBY)
          .map(Map.Entry::getKey).sorted().findFirst();
      return standby.map(n -> new Candidate(n, true, "caught up", Optional.empty()))
          .orElse(new Candidate("none", false, "no standby left", Optional.empty()));
    }

    @Override
    public void fence(String node) {
      jiggle();
      if (!node.isEmpty()) {
        roles.put(node, Role.FENCED);
      }
    }

    @Override
    public void promote(String node) {
      jiggle();
      roles.put(node, Role.PRIMARY);
      long primaries = roles.values().stream().filter(r -> r == Role.PRIMARY).count();
      maxPrimaries.accumulateAndGet((int) primaries, Math::max);
    }

    long primaries() {
      return roles.values().stream().filter(r -> r == Role.PRIMARY).count();
    }
  }

  @Property(tries = 60)
  void concurrentTriggers_neverLeaveTwoPrimaries(
      @ForAll @IntRange(min = 2, max = 8) int triggers,
      @ForAll @IntRange(min = 2, max = 6) int nodes,
      @ForAll long seed) throws Exception {
    ModelCluster cluster = new ModelCluster(nodes, seed);
    FailoverRunner runner = new FailoverRunner(name -> Optional.empty());
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger promoted = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < triggers; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          runner.run(cluster, Optional.empty());
          promoted.incrementAndGet();
        } catch (Exception e) {
          // no eligible standby left: nothing promoted, which is the safe outcome
        }
      });
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(cluster.maxPrimaries.get()).isLessThanOrEqualTo(1);
    assertThat(cluster.primaries()).isEqualTo(1);
    assertThat(promoted.get()).isEqualTo(Math.min(triggers, nodes - 1));
  }
}
