package io.processguard.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A one-thread scheduler that records every positive delay asked for and runs the task at once, so tests
 * assert waits (backoff, Retry-After, rate limits) without waiting.
 */
final class RecordingScheduler extends ScheduledThreadPoolExecutor {
  private final List<Long> delaysMillis = new CopyOnWriteArrayList<>();

  RecordingScheduler() {
    super(1, r -> {
      Thread t = new Thread(r, "test-scheduler");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (delay > 0) {
      delaysMillis.add(unit.toMillis(delay));
    }
    return super.schedule(command, 0, unit);
  }

  /** Returns the delays asked for so far, in milliseconds. */
  List<Long> delaysMillis() {
    return List.copyOf(delaysMillis);
  }
}
