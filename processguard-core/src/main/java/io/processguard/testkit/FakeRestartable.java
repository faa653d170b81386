package io.processguard.testkit;

import io.processguard.recovery.Restartable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Restartable} that records every restart with its virtual time and behaves as told:
 * succeed (and optionally fix something, such as a scripted signal), fail, or hang. Thread-safe.
 */
public final class FakeRestartable extends Fake implements Restartable {
  private final AtomicReference<Runnable> onRestart = new AtomicReference<>(() -> { });

  FakeRestartable(String name, GuardHarness harness) {
    super(name, harness);
  }

  /** Makes every later restart succeed (the default). */
  public FakeRestartable succeeds() {
    behave(Behaviour.SUCCEED);
    return this;
  }

  /** Makes every later restart throw. */
  public FakeRestartable fails() {
    behave(Behaviour.FAIL);
    return this;
  }

  /** Makes every later restart block until the guard's action timeout interrupts it. */
  public FakeRestartable hangs() {
    behave(Behaviour.HANG);
    return this;
  }

  /** Runs {@code effect} after each successful restart (for example, to heal a signal). */
  public FakeRestartable onRestart(Runnable effect) {
    onRestart.set(effect);
    return this;
  }

  /** Returns how many restarts were attempted. */
  public int restarts() {
    return calls().size();
  }

  @Override
  public void stop(Duration timeout) throws Exception {
    call("restart");
  }

  @Override
  public void start() {
    onRestart.get().run();
  }
}
