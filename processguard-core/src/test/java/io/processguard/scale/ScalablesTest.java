package io.processguard.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ScalablesTest {

  @Test
  void threadPool_growAndShrink_setsCoreAndMaxInTheSafeOrder() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try {
      Scalable s = Scalables.threadPool(pool);

      s.scaleTo(8);   // max first: setting core 8 above max 2 would throw

      assertThat(List.of(pool.getCorePoolSize(), pool.getMaximumPoolSize(), s.current())).containsExactly(8, 8, 8);
      s.scaleTo(3);   // core first: setting max 3 below core 8 would throw

      assertThat(List.of(pool.getCorePoolSize(), pool.getMaximumPoolSize(), s.current())).containsExactly(3, 3, 3);
      assertThat(s.min()).isEqualTo(1);
      assertThatThrownBy(() -> s.scaleTo(0)).hasMessage("desired replicas must be 1..2147483647, got 0");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void threadPool_grow_startsThreadsForQueuedTasksAtOnce() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    AtomicInteger running = new AtomicInteger();
    try {
      for (int i = 0; i < 4; i++) {
        pool.execute(() -> {
          running.incrementAndGet();
          while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(1_000_000);
          }
        });
      }
      await().until(() -> running.get() == 1);

      Scalables.threadPool(pool).scaleTo(4);

      await().until(() -> running.get() == 4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void workers_delegatesAndChecksItsBounds() throws Exception {
    AtomicInteger size = new AtomicInteger(2);
    Scalable s = Scalables.workers(size::get, size::set, 1, 5);

    s.scaleTo(5);

    assertThat(s.current()).isEqualTo(5);
    assertThat(List.of(s.min(), s.max())).containsExactly(1, 5);
    assertThatThrownBy(() -> s.scaleTo(6)).hasMessage("desired replicas must be 1..5, got 6");
    assertThatThrownBy(() -> Scalables.workers(size::get, size::set, 3, 2)).hasMessage("max must be >= min 3, got 2");
  }

  @Test
  void workerPool_scaleUpAndDown_startsNamedThreadsAndStopsTheNewest() throws Exception {
    AtomicInteger n = new AtomicInteger();
    Runnable loop = () -> {
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(1_000_000);
      }
    };
    WorkerPool pool = WorkerPool.of(() -> loop, r -> new Thread(r, "agg-worker-" + n.incrementAndGet()), 4,
        Duration.ofSeconds(10));
    try {
      pool.scaleTo(3);

      assertThat(pool.threadNames()).containsExactly("agg-worker-1", "agg-worker-2", "agg-worker-3");
      pool.scaleTo(1);

      assertThat(pool.threadNames()).containsExactly("agg-worker-1");
      assertThat(pool.current()).isEqualTo(1);
      assertThatThrownBy(() -> pool.scaleTo(5)).hasMessage("desired replicas must be 0..4, got 5");
      pool.close();
      assertThat(pool.current()).isZero();
    } finally {
      pool.close();
    }
  }

  @Test
  void workerPool_workerIgnoresInterrupt_scaleDownFailsNamingIt() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    Runnable deaf = () -> {
      while (!done.get()) {
        LockSupport.parkNanos(1_000_000);
        Thread.interrupted();
      }
    };
    WorkerPool pool = WorkerPool.of(() -> deaf, r -> new Thread(r, "deaf-worker"), 1, Duration.ofMillis(50));
    pool.scaleTo(1);
    try {
      assertThatThrownBy(() -> pool.scaleTo(0)).isInstanceOf(TimeoutException.class)
          .hasMessage("worker thread 'deaf-worker' did not stop within PT0.05S after interrupt");
    } finally {
      done.set(true);
    }
  }
}
