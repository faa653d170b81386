package io.processguard.testkit;

import io.processguard.watchdog.Requeuer;
import io.processguard.watchdog.StuckJob;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A watchdog {@link Requeuer} that records every stuck job it is handed, with its attempt and
 * virtual time. Thread-safe.
 *
 * @param <J> the job type
 */
public final class FakeRequeuer<J> extends Fake implements Requeuer<J> {
  private final List<StuckJob<J>> requeued = new CopyOnWriteArrayList<>();

  FakeRequeuer(String name, GuardHarness harness) {
    super(name, harness);
  }

  /** Makes every later requeue throw (the watchdog then dead-letters the job). */
  public FakeRequeuer<J> fails() {
    behave(Behaviour.FAIL);
    return this;
  }

  /** Returns every stuck job handed over, oldest first. */
  public List<StuckJob<J>> requeued() {
    return List.copyOf(requeued);
  }

  @Override
  public void requeue(StuckJob<J> stuck) {
    requeued.add(stuck);
    try {
      call("requeue " + stuck.job() + " attempt " + stuck.attempt());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.toString(), e);
    }
  }
}
