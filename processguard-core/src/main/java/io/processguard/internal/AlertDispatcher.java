package io.processguard.internal;

import io.processguard.alert.Notification;
import io.processguard.alert.Notifier;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands notifications to notifiers off the engine thread: one daemon thread and one bounded
 * outbox per channel, so a slow or dead channel delays neither recovery nor another channel.
 * When an outbox is full the oldest notification is dropped and logged.
 */
public final class AlertDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard.alerts");

  /** Capacity of each channel's outbox. */
  public static final int OUTBOX = 1000;

  private final Components components;
  private final boolean direct;
  private final Map<String, ThreadPoolExecutor> channels = new ConcurrentHashMap<>();

  /**
   * Creates a dispatcher.
   *
   * @param direct deliver on the calling thread (deterministic tests) instead of per-channel threads
   */
  public AlertDispatcher(Components components, boolean direct) {
    this.components = components;
    this.direct = direct;
  }

  /** Queues the notification for the named notifier; never blocks. */
  public void send(String notifier, Notification n) {
    Notifier target = components.findNotifier(notifier).orElse(null);
    if (target == null) {
      LOG.warn("notifier '{}' is not registered; notification {} dropped", notifier, n.dedupKey());
      return;
    }
    Runnable delivery = () -> Guarded.run("notifier " + notifier, () -> deliver(target, n));
    if (direct) {
      delivery.run();
      return;
    }
    channels.computeIfAbsent(notifier, this::channel).execute(delivery);
  }

  private static void deliver(Notifier target, Notification n) {
    try {
      target.deliver(n);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.toString(), e);
    }
  }

  private ThreadPoolExecutor channel(String name) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(OUTBOX), Threads.factory("notify-" + name),
        (r, exec) -> {
          if (!exec.isShutdown()) {
            LOG.warn("outbox of notifier '{}' is full ({}); dropping its oldest notification", name, OUTBOX);
            exec.getQueue().poll();
            exec.execute(r);
          }
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Stops the channel threads: queued notifications get a short grace (200 ms in all) to go out,
   * then threads still inside a notifier are interrupted.
   */
  @Override
  public void close() {
    channels.values().forEach(ThreadPoolExecutor::shutdown);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    for (ThreadPoolExecutor pool : channels.values()) {
      try {
        if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          pool.shutdownNow();
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
