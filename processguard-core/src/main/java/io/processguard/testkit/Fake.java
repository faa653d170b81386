package io.processguard.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What every fake shares: a name, a behaviour, and the calls it recorded. Thread-safe. */
abstract class Fake {
  private final String name;
  private final GuardHarness harness;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour = Behaviour.SUCCEED;

  Fake(String name, GuardHarness harness) {
    this.name = name;
    this.harness = harness;
  }

  /** Returns the fake's registered name. */
  public String name() {
    return name;
  }

  /** Returns every recorded call, oldest first. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  void behave(Behaviour b) {
    this.behaviour = b;
  }

  /** Records a call, then acts out the behaviour. */
  void call(String what) throws Exception {
    calls.add(new Call(name, what, harness.time().elapsed()));
    switch (behaviour) {
      case SUCCEED -> { }
      case FAIL -> throw new IllegalStateException(name + " failed (as the test asked)");
      case HANG -> harness.hang(name);
    }
  }
}
