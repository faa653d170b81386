package io.processguard.alert;

import static io.processguard.alert.Notification.Kind.INFO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import io.processguard.event.GuardEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous delivery half of the router: outbox, executor, retry, rate limit, file. */
@Timeout(30)
class ChannelTest {
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final List<AlertRouter> routers = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void close() {
    never.countDown();
    routers.forEach(AlertRouter::close);
    scheduler.shutdownNow();
  }

  private AlertRouter router(ChannelConfig... channels) {
    AlertRouter.Builder b = AlertRouter.builder().ticker(time).clock(time).triggerGrace(Duration.ZERO)
        .listener(events::add);
    for (ChannelConfig c : channels) {
      b.channel(c);
    }
    AlertRouter r = b.build();
    routers.add(r);
    return r;
  }

  private ChannelConfig.Builder exact(String name, Notifier notifier) {
    return ChannelConfig.builder(name, notifier).executor(scheduler).jitter(0)
        .initialBackoff(Duration.ofMillis(100)).backoffMultiplier(2)
        .maxBackoff(Duration.ofSeconds(10));
  }

  private static Notification info(String key) {
    return Fixtures.of(key, "checkout", INFO, AlertSeverity.INFO);
  }

  private static NotifierException retryable(Optional<Duration> retryAfter) {
    return new NotifierException("test", 503, true, retryAfter, "test: HTTP 503", null);
  }

  private List<String> outcomes() {
    List<String> out = new ArrayList<>();
    for (GuardEvent e : events) {
      if (e instanceof AlertEvent.Delivered) {
        AlertEvent.Delivered d = (AlertEvent.Delivered) e;
        out.add(d.dedupKey() + " DELIVERED " + d.attempts());
      } else if (e instanceof AlertEvent.Failed) {
        AlertEvent.Failed f = (AlertEvent.Failed) e;
        out.add(f.dedupKey() + " " + f.outcome() + " " + f.attempts());
      }
    }
    return out;
  }

  @Test
  void deliver_failsTwiceRetryably_backsOffExponentiallyThenDelivers() {
    AtomicInteger calls = new AtomicInteger();
    AlertRouter r = router(exact("slack", n -> {
      if (calls.incrementAndGet() <= 2) {
        throw retryable(Optional.empty());
      }
    }).build());
    r.submit(info("a"));

    await().until(() -> r.stats().channel("slack", DeliveryOutcome.DELIVERED) == 1);
    assertThat(scheduler.delaysMillis()).containsExactly(100L, 200L);
    assertThat(r.stats().channel("slack", DeliveryOutcome.RETRIED)).isEqualTo(2);
    assertThat(outcomes()).containsExactly("a RETRIED 1", "a RETRIED 2", "a DELIVERED 3");
  }

  @Test
  void deliver_nonRetryableFailure_isRejectedAfterOneAttempt() {
    AtomicInteger calls = new AtomicInteger();
    AlertRouter r = router(exact("slack", n -> {
      calls.incrementAndGet();
      throw new NotifierException("slack", 400, false, Optional.empty(),
          "slack: HTTP 400: invalid_payload", null);
    }).build());
    r.submit(info("a"));

    await().until(() -> r.stats().channel("slack", DeliveryOutcome.REJECTED) == 1);
    assertThat(calls).hasValue(1);
    assertThat(scheduler.delaysMillis()).isEmpty();
    assertThat(outcomes()).containsExactly("a REJECTED 1");
  }

  @Test
  void deliver_alwaysFails_isExhaustedAfterMaxAttempts() {
    AlertRouter r = router(exact("slack", n -> {
      throw new IllegalStateException("down");
    }).maxAttempts(4).build());
    r.submit(info("a"));

    await().until(() -> r.stats().channel("slack", DeliveryOutcome.EXHAUSTED) == 1);
    assertThat(scheduler.delaysMillis()).containsExactly(100L, 200L, 400L);
    assertThat(outcomes()).containsExactly("a RETRIED 1", "a RETRIED 2", "a RETRIED 3",
        "a EXHAUSTED 4");
  }

  @Test
  void deliver_retryAfter_waitsAsAskedUpToTheCap() {
    AtomicInteger calls = new AtomicInteger();
    AlertRouter r = router(exact("slack", n -> {
      int c = calls.incrementAndGet();
      if (c == 1) {
        throw retryable(Optional.of(Duration.ofSeconds(7)));
      }
      if (c == 2) {
        throw retryable(Optional.of(Duration.ofHours(1)));
      }
    }).maxRetryAfter(Duration.ofSeconds(30)).build());
    r.submit(info("a"));

    await().until(() -> r.stats().channel("slack", DeliveryOutcome.DELIVERED) == 1);
    assertThat(scheduler.delaysMillis()).containsExactly(7_000L, 30_000L);
  }

  @Test
  void deliver_beyondRateLimit_waitsForTheNextPeriod() {
    List<String> delivered = new CopyOnWriteArrayList<>();
    AlertRouter r = router(exact("slack", n -> delivered.add(n.dedupKey()))
        .rateLimit(2, Duration.ofSeconds(1)).build());
    r.submit(info("a"));
    r.submit(info("b"));
    r.submit(info("c"));

    await().until(() -> delivered.size() == 3);
    assertThat(delivered).containsExactly("a", "b", "c");
    assertThat(scheduler.delaysMillis()).containsExactly(1_000L);
  }

  @Test
  void enqueue_outboxFull_dropsTheOldestAndCountsIt() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> delivered = new CopyOnWriteArrayList<>();
    AlertRouter r = router(exact("slack", n -> {
      if (n.dedupKey().equals("a")) {
        entered.countDown();
        release.await();
      }
      delivered.add(n.dedupKey());
    }).outboxCapacity(2).build());
    r.submit(info("a"));
    entered.await();
    r.submit(info("b"));
    r.submit(info("c"));
    r.submit(info("d"));
    release.countDown();

    await().until(() -> delivered.size() == 3);
    assertThat(delivered).containsExactly("a", "c", "d");
    assertThat(r.stats().channel("slack", DeliveryOutcome.DROPPED)).isEqualTo(1);
    assertThat(outcomes()).containsExactly("b DROPPED 0", "a DELIVERED 1", "c DELIVERED 1",
        "d DELIVERED 1");
  }

  @Test
  void submit_deadChannel_neitherBlocksSubmitNorTheOtherChannel() {
    List<String> live = new CopyOnWriteArrayList<>();
    AlertRouter r = router(
        ChannelConfig.builder("dead", n -> never.await()).build(),
        ChannelConfig.builder("live", n -> live.add(n.dedupKey())).build());
    for (int i = 0; i < 5; i++) {
      r.submit(info("n" + i));
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> live.size() == 5);
    assertThat(live).containsExactly("n0", "n1", "n2", "n3", "n4");
    assertThat(r.stats().channel("dead", DeliveryOutcome.DELIVERED)).isZero();
  }

  @Test
  void submit_httpServerNeverAnswers_otherHttpChannelStillDeliversPromptly() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress()); LoopbackServer live = new LoopbackServer()) {
      AlertRouter r = router(
          ChannelConfig.builder("slack", SlackNotifier.builder(java.net.URI.create(
              "http://127.0.0.1:" + silent.getLocalPort() + "/services/T/B/X"))
              .requestTimeout(Duration.ofMinutes(5)).build()).build(),
          ChannelConfig.builder("webhook", WebhookNotifier.builder(live.uri("/hook")).build())
              .build());
      for (int i = 0; i < 3; i++) {
        r.submit(info("n" + i));
      }

      await().atMost(Duration.ofSeconds(5)).until(() ->
          r.stats().channel("webhook", DeliveryOutcome.DELIVERED) == 3);
      assertThat(live.requests()).hasSize(3);
      assertThat(r.stats().channel("slack", DeliveryOutcome.DELIVERED)).isZero();
    }
  }

  @Test
  void deliver_ownExecutor_runsOnNamedDaemonThreads() {
    List<String> threads = new CopyOnWriteArrayList<>();
    AlertRouter r = router(ChannelConfig.builder("slack", n -> threads.add(
        Thread.currentThread().getName() + " daemon=" + Thread.currentThread().isDaemon()))
        .build());
    r.submit(info("a"));

    await().until(() -> threads.size() == 1);
    assertThat(threads).containsExactly("processguard-notify-slack-1 daemon=true");
  }

  @Test
  void close_givenExecutor_isLeftRunning() {
    ScheduledExecutorService mine = new ScheduledThreadPoolExecutor(1);
    try {
      router(ChannelConfig.builder("slack", n -> { }).executor(mine).build()).close();

      assertThat(mine.isShutdown()).isFalse();
    } finally {
      mine.shutdownNow();
    }
  }

  @Test
  void fileOutbox_undelivered_areReplayedAfterRestartAndDeliveredOnesAreNot(@TempDir Path dir)
      throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    List<Notification> first = new CopyOnWriteArrayList<>();
    Notification n0 = Fixtures.checkoutHeap().toBuilder().dedupKey("n0").kind(INFO).build();
    Notification n1 = n0.toBuilder().dedupKey("n1").build();
    Notification n2 = n0.toBuilder().dedupKey("n2").summary("second").build();
    AlertRouter before = router(ChannelConfig.builder("pagerduty", n -> {
      if (!n.dedupKey().equals("n0")) {
        blocked.countDown();
        never.await();
      }
      first.add(n);
    }).outboxDirectory(dir).build());
    before.submit(n0);
    await().until(() -> first.size() == 1);
    before.submit(n1);
    before.submit(n2);
    blocked.await();
    before.close();

    List<Notification> replayed = new CopyOnWriteArrayList<>();
    AlertRouter after = router(ChannelConfig.builder("pagerduty", replayed::add)
        .outboxDirectory(dir).build());

    await().until(() -> replayed.size() == 2);
    assertThat(replayed).containsExactly(n1, n2);
    await().until(() -> after.stats().channel("pagerduty", DeliveryOutcome.DELIVERED) == 2);
    after.close();
    assertThat(dir.resolve("pagerduty.outbox.jsonl")).isEmptyFile();
  }

  @Test
  void fileOutbox_tornLine_isSkipped(@TempDir Path dir) throws Exception {
    Notification n = Fixtures.checkoutHeap();
    List<Notification> replayed = new CopyOnWriteArrayList<>();
    try (FileOutbox file = FileOutbox.open(dir, "slack", tools.jackson.databind.json.JsonMapper
        .builder().build())) {
      file.enqueued(new FileOutbox.Entry("1", n));
      file.enqueued(new FileOutbox.Entry("2", n));
      file.done("1", DeliveryOutcome.DELIVERED);
    }
    Files.writeString(dir.resolve("slack.outbox.jsonl"), "{\"op\":\"enq",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    router(ChannelConfig.builder("slack", replayed::add).outboxDirectory(dir).build());

    await().until(() -> replayed.size() == 1);
    assertThat(replayed).containsExactly(n);
  }
}
