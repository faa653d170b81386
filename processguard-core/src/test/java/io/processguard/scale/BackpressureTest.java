package io.processguard.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.ProcessGuard;
import io.processguard.event.GuardEvent;
import io.processguard.probe.Sample;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class BackpressureTest {

  @Test
  void acquire_open_returnsAtOnceWithoutWaiting() throws InterruptedException {
    Backpressure gate = Backpressure.create("g");

    assertThat(gate.acquire(Duration.ofDays(1))).isTrue();
    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.waits()).isZero();
  }

  @Test
  void acquire_closedAndNoWait_returnsFalseAndCountsTheTimeout() throws InterruptedException {
    Backpressure gate = Backpressure.create("g");
    gate.engage();

    assertThat(gate.tryAcquire()).isFalse();
    assertThat(gate.acquire(Duration.ZERO)).isFalse();
    assertThat(gate.waits()).isEqualTo(1);
    assertThat(gate.timeouts()).isEqualTo(1);
  }

  @Test
  void release_wakesEveryWaitingProducer() {
    Backpressure gate = Backpressure.create("g");
    gate.engage();
    List<CompletableFuture<Boolean>> waiting = List.of(1, 2, 3).stream()
        .map(i -> CompletableFuture.supplyAsync(() -> acquire(gate, Duration.ofMinutes(5)))).toList();
    await().until(() -> gate.waits() == 3);

    assertThat(gate.release()).isTrue();

    await().until(() -> waiting.stream().allMatch(CompletableFuture::isDone));
    assertThat(waiting).allSatisfy(f -> assertThat(f.join()).isTrue());
    assertThat(gate.timeouts()).isZero();
    assertThat(gate.release()).isFalse();
  }

  @Test
  void engage_twice_countsOneEngagement() {
    Backpressure gate = Backpressure.create("g");

    assertThat(gate.engage()).isTrue();
    assertThat(gate.engage()).isFalse();
    assertThat(gate.engagements()).isEqualTo(1);
    assertThat(gate).hasToString("Backpressure[g, closed]");
  }

  @Test
  void create_and_shed_badArguments_rejectedNamingTheValue() {
    assertThatThrownBy(() -> Backpressure.create("a b"))
        .hasMessage("backpressure gate name must be 1-128 characters of [A-Za-z0-9._:/-], got 'a b'");
    Backpressure gate = Backpressure.create("g");
    assertThatThrownBy(() -> gate.shed(0, "x")).hasMessage("shed count must be >= 1, got 0");
    assertThatThrownBy(() -> gate.shed(1, " ")).hasMessage("shed reason must not be blank, got ' '");
  }

  /**
   * A producer far faster than a pool capped at two threads, through a small real queue: the
   * controller engages the gate and the producer waits instead of dropping. Every record id is
   * processed exactly once.
   */
  @Test
  void gate_fastProducerAgainstPoolAtMax_losesNoRecord() {
    int total = 20_000;
    ArrayBlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(500);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, queue);
    pool.prestartAllCoreThreads();
    AtomicIntegerArray seen = new AtomicIntegerArray(total);
    AtomicLong processed = new AtomicLong();
    AtomicLong queueFullWaits = new AtomicLong();
    Backpressure gate = Backpressure.create("ingest");
    List<GuardEvent> events = new CopyOnWriteArrayList<>();
    ScalingController controller = ScalingController.builder()
        .policy(ScalingPolicy.builder("p", "agg").signal(SignalKind.QUEUE_DEPTH, 50).scalable("pool").replicas(1, 2)
            .cooldown(Duration.ZERO).backpressure("ingest", Duration.ZERO).build())
        .scalable("pool", Scalables.threadPool(pool)).gate(gate).build();
    ProcessGuard guard = ProcessGuard.builder().logEvents(false).listener(events::add)
        .target(TargetSpec.builder(Target.of("agg"))
            .probe("queue", () -> Sample.of("queue.depth", queue.size()), Duration.ofMillis(5)).build())
        .controller(controller).build().start();
    try {
      CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < total; i++) {
          int id = i;
          Runnable record = () -> {
            LockSupport.parkNanos(20_000);
            seen.incrementAndGet(id);
            processed.incrementAndGet();
          };
          while (!acquire(gate, Duration.ofMillis(100))) {
            // still closed: keep the record and ask again
          }
          while (!offer(queue, record)) {
            queueFullWaits.incrementAndGet();
          }
        }
      });

      await().atMost(Duration.ofSeconds(60)).until(() -> producer.isDone() && processed.get() == total);

      producer.join();
      assertThat(processed.get()).isEqualTo(total);
      for (int i = 0; i < total; i++) {
        assertThat(seen.get(i)).as("record %d", i).isEqualTo(1);
      }
      assertThat(gate.engagements()).isPositive();
      assertThat(gate.shedTotal()).isZero();
      assertThat(pool.getCorePoolSize()).isLessThanOrEqualTo(2);
      assertThat(events).filteredOn(e -> e instanceof ScaleEvent.BackpressureEngaged).isNotEmpty();
    } finally {
      guard.close();
      controller.close();
      pool.shutdownNow();
    }
  }

  private static boolean acquire(Backpressure gate, Duration wait) {
    try {
      return gate.acquire(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean offer(ArrayBlockingQueue<Runnable> queue, Runnable record) {
    try {
      return queue.offer(record, 100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
