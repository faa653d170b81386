package io.processguard.testkit;

import io.processguard.recovery.Failover;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A primary and standbys as a {@link Failover}: records fence and promote calls with their
 * virtual time, can be told that no standby is eligible, or to fail or hang. Thread-safe.
 */
public final class FakeFailover extends Fake implements Failover {
  private final List<String> standbys = new CopyOnWriteArrayList<>();
  private volatile String primary;
  private volatile boolean eligible = true;
  private volatile String reason = "caught up";

  FakeFailover(String name, GuardHarness harness, String primary, List<String> standbys) {
    super(name, harness);
    this.primary = primary;
    this.standbys.addAll(standbys);
  }

  /** Makes the standby ineligible (for example lagging), with the reason the guard reports. */
  public FakeFailover standbyNotEligible(String why) {
    this.eligible = false;
    this.reason = why;
    return this;
  }

  /** Makes every later fence throw. */
  public FakeFailover fails() {
    behave(Behaviour.FAIL);
    return this;
  }

  /** Returns the current primary. */
  @Override
  public String primary() {
    return primary;
  }

  @Override
  public Candidate candidate() {
    String next = standbys.isEmpty() ? "none" : standbys.get(0);
    return new Candidate(next, eligible && !standbys.isEmpty(), standbys.isEmpty() ? "no standby" : reason,
        Optional.empty());
  }

  @Override
  public void fence(String node) throws Exception {
    call("fence " + node);
  }

  @Override
  public void promote(String node) throws Exception {
    call("promote " + node);
    standbys.remove(node);
    standbys.add(primary);
    primary = node;
  }
}
