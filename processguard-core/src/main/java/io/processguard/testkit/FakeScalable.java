package io.processguard.testkit;

import io.processguard.scale.Scalable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scalable} that records every scale step with its virtual time, keeps its size within
 * bounds, and behaves as told. Thread-safe.
 */
public final class FakeScalable extends Fake implements Scalable {
  private final AtomicInteger size;
  private final int min;
  private final int max;

  FakeScalable(String name, GuardHarness harness, int initial, int min, int max) {
    super(name, harness);
    if (min < 0 || max < min || initial < min || initial > max) {
      throw new IllegalArgumentException("fake scalable '" + name + "': need 0 <= min <= initial <= max, got min="
          + min + ", initial=" + initial + ", max=" + max);
    }
    this.size = new AtomicInteger(initial);
    this.min = min;
    this.max = max;
  }

  /** Makes every later step throw. */
  public FakeScalable fails() {
    behave(Behaviour.FAIL);
    return this;
  }

  /** Makes every later step block until the guard's executor gives up on it. */
  public FakeScalable hangs() {
    behave(Behaviour.HANG);
    return this;
  }

  @Override
  public int current() {
    return size.get();
  }

  @Override
  public int min() {
    return min;
  }

  @Override
  public int max() {
    return max;
  }

  @Override
  public void scaleTo(int desired) throws Exception {
    call("scale " + size.get() + " -> " + desired);
    size.set(desired);
  }
}
