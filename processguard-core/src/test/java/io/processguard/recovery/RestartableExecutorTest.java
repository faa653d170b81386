package io.processguard.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RestartableExecutorTest {

  @Test
  void restart_queuedTasksCarryOverToTheNewPoolInOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch blocker = new CountDownLatch(1);
    RestartableExecutor pool = RestartableExecutor.of(() -> Executors.newFixedThreadPool(1));
    CountDownLatch started = new CountDownLatch(1);
    pool.executor().execute(() -> {
      started.countDown();
      try {
        blocker.await();
        ran.add("first");
      } catch (InterruptedException e) {
        ran.add("first-interrupted");
      }
    });
    started.await();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      pool.executor().execute(() -> ran.add("queued-" + n));
    }
    blocker.countDown();
    pool.stop(Duration.ofSeconds(5));
    pool.executor().execute(() -> ran.add("during-restart"));
    pool.start();
    await().until(() -> ran.size() == 5);
    assertThat(ran).containsExactly("first", "queued-1", "queued-2", "queued-3", "during-restart");
    assertThat(pool.generation()).isEqualTo(2);
    pool.shutdown();
  }

  @Test
  void restart_freshThreadsDropThreadLocalState() throws Exception {
    ThreadLocal<String> leak = new ThreadLocal<>();
    RestartableExecutor pool = RestartableExecutor.of(() -> Executors.newSingleThreadExecutor());
    pool.submit(() -> {
      leak.set("leaked");
      return null;
    }).get();
    assertThat(pool.submit(leak::get).get()).isEqualTo("leaked");
    pool.stop(Duration.ofSeconds(5));
    pool.start();
    assertThat(pool.submit(leak::get).get()).isNull();
    pool.shutdown();
  }

  @Test
  void stop_taskIgnoringInterrupts_failsWithTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    RestartableExecutor pool = RestartableExecutor.of(() -> Executors.newSingleThreadExecutor());
    pool.executor().execute(() -> {
      started.countDown();
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException e) {
          // ignores interrupts on purpose
        }
      }
    });
    started.await();
    assertThatThrownBy(() -> pool.stop(Duration.ofMillis(100)))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("worker pool did not stop within PT0.1S (tasks ignore interrupts)");
    release.countDown();
    pool.start();
    assertThat(pool.submit(() -> "ok").get()).isEqualTo("ok");
    pool.shutdown();
  }

  @Test
  void restartableThread_stopInterruptsAndStartRunsANewThread() throws Exception {
    AtomicReference<String> last = new AtomicReference<>();
    RestartableThread t = RestartableThread.start("worker", () -> {
      last.set(Thread.currentThread().getName());
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
    });
    await().until(() -> "worker-1".equals(last.get()));
    t.stop(Duration.ofSeconds(5));
    assertThat(t.thread().orElseThrow().isAlive()).isFalse();
    t.start();
    await().until(() -> "worker-2".equals(last.get()));
    assertThat(t.generation()).isEqualTo(2);
    t.stop(Duration.ofSeconds(5));
  }

  @Test
  void restartableThread_bodyIgnoringInterrupts_stopTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RestartableThread t = RestartableThread.start("stubborn", () -> {
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException e) {
          // ignores interrupts on purpose
        }
      }
    });
    assertThatThrownBy(() -> t.stop(Duration.ofMillis(50)))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("thread 'stubborn-1' did not stop within PT0.05S");
    release.countDown();
    t.stop(Duration.ofSeconds(5));
  }
}
