package io.processguard.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import io.processguard.event.GuardEvent;
import io.processguard.probe.Sample;
import io.processguard.probe.SampleStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private Thread stalled;

  @AfterEach
  void releaseThreads() throws InterruptedException {
    release.countDown();
    if (stalled != null) {
      stalled.join();
    }
  }

  private Heartbeat.Builder heartbeat() {
    return Heartbeat.builder("ingest-loop").target("ingest").deadline(DEADLINE).ticker(time).clock(time)
        .listener(events::add);
  }

  private void step(Duration d) {
    time.advance(d);
  }

  @Test
  void check_beforeReady_neverBreaches() {
    Heartbeat hb = heartbeat().build();
    step(Duration.ofHours(1));
    assertThat(hb.check()).isFalse();
    assertThat(hb.isArmed()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void check_ageExactlyAtDeadline_isOnTime() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    step(DEADLINE);
    assertThat(hb.check()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void check_oneNanosecondPastDeadline_breachesWithWatchedThreadStack() {
    Heartbeat hb = heartbeat().build();
    stalled = new Thread(this::stuckInIngest, "ingest-worker");
    stalled.start();
    await().until(() -> stalled.getState() == Thread.State.WAITING);
    hb.watch(stalled).ready();
    step(DEADLINE.plusNanos(1));

    assertThat(hb.check()).isTrue();

    WatchdogEvent.HeartbeatMissed missed = (WatchdogEvent.HeartbeatMissed) events.get(0);
    assertThat(missed.age()).isEqualTo(DEADLINE.plusNanos(1));
    assertThat(missed.target()).isEqualTo("ingest");
    assertThat(missed.watchdog()).isEqualTo("ingest-loop");
    assertThat(missed.type()).isEqualTo("watchdog.heartbeat.missed");
    Diagnostics.ThreadStack stack = missed.diagnostics().threads().get(0);
    assertThat(stack.name()).isEqualTo("ingest-worker");
    assertThat(stack.state()).isEqualTo(Thread.State.WAITING);
    assertThat(stack.frames()).extracting(StackTraceElement::getMethodName).contains("stuckInIngest");
    assertThat(hb.lastDiagnostics()).contains(missed.diagnostics());
    assertThat(missed.diagnostics().threadDump()).isEmpty();
  }

  private void stuckInIngest() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void check_oneNanosecondBeforeDeadline_isOnTime() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    step(DEADLINE.minusNanos(1));
    assertThat(hb.check()).isFalse();
  }

  @Test
  void beat_progressSeenAtCheck_resetsAgeFromTheCheckReading() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    step(Duration.ofSeconds(3));
    hb.beat();
    step(Duration.ofSeconds(2));
    assertThat(hb.check()).isFalse();
    step(DEADLINE);
    assertThat(hb.check()).isFalse();
    step(Duration.ofNanos(1));
    assertThat(hb.check()).isTrue();
  }

  @Test
  void beat_afterMiss_publishesResumedWithStalledTime() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    step(Duration.ofSeconds(11));
    hb.check();
    step(Duration.ofSeconds(4));
    hb.beat();
    assertThat(hb.check()).isFalse();
    assertThat(events).hasSize(2);
    WatchdogEvent.HeartbeatResumed resumed = (WatchdogEvent.HeartbeatResumed) events.get(1);
    assertThat(resumed.stalledFor()).isEqualTo(Duration.ofSeconds(15));
    assertThat(hb.isMissed()).isFalse();
  }

  @Test
  void check_staysBreached_publishesMissedOnlyOnce() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    step(Duration.ofSeconds(11));
    hb.check();
    step(Duration.ofSeconds(11));
    assertThat(hb.check()).isTrue();
    assertThat(events).hasSize(1);
  }

  @Test
  void stop_disarms_noBreachUntilReadyAgain() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    hb.stop();
    step(Duration.ofMinutes(5));
    assertThat(hb.check()).isFalse();
    assertThat(hb.isArmed()).isFalse();
    hb.ready();
    step(DEADLINE);
    assertThat(hb.check()).isFalse();
    step(Duration.ofNanos(1));
    assertThat(hb.check()).isTrue();
  }

  @Test
  void close_disarms() {
    Heartbeat hb = heartbeat().build();
    hb.ready();
    hb.close();
    step(Duration.ofMinutes(1));
    assertThat(hb.check()).isFalse();
  }

  @Test
  void probe_inBreach_reportsSignalsStatusAndDiagnostics() throws Exception {
    Heartbeat hb = heartbeat().build();
    hb.watchCurrentThread();
    hb.ready();
    step(Duration.ofMillis(12_500));

    Sample s = hb.probe().sample();

    assertThat(s.value("heartbeat.overdue.seconds")).isEqualTo(2.5);
    assertThat(s.value("heartbeat.age.seconds")).isEqualTo(12.5);
    assertThat(s.value("heartbeat.armed")).isEqualTo(1.0);
    assertThat(s.status()).isEqualTo(SampleStatus.DEGRADED);
    assertThat(s.detail()).startsWith("heartbeat 'ingest-loop' missed: no progress for 12.500s (deadline 10.000s)")
        .contains("probe_inBreach_reportsSignalsStatusAndDiagnostics");
  }

  @Test
  void probe_beforeReady_reportsDisarmedZeroes() throws Exception {
    Sample s = heartbeat().signalPrefix("ingest.heartbeat").build().probe().sample();
    assertThat(s.signals()).containsEntry("ingest.heartbeat.overdue.seconds", 0.0)
        .containsEntry("ingest.heartbeat.age.seconds", 0.0)
        .containsEntry("ingest.heartbeat.armed", 0.0);
    assertThat(s.status()).isEqualTo(SampleStatus.UP);
  }

  @Test
  void workPending_noWorkQueued_idleIsNotAStall() {
    AtomicBoolean pending = new AtomicBoolean(false);
    Heartbeat hb = heartbeat().workPending(pending::get).build();
    hb.ready();
    step(Duration.ofMinutes(5));
    assertThat(hb.check()).isFalse();
    pending.set(true);
    step(DEADLINE.plusNanos(1));
    assertThat(hb.check()).isTrue();
  }

  @Test
  void check_throwingListener_stillBreachesAndOtherListenersSeeIt() {
    Heartbeat hb = heartbeat().build();
    List<GuardEvent> after = new CopyOnWriteArrayList<>();
    hb.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    hb.addListener(after::add);
    hb.ready();
    step(Duration.ofSeconds(11));
    assertThat(hb.check()).isTrue();
    assertThat(after).hasSize(1);
    assertThat(events).hasSize(1);
  }

  @Test
  void requestThreadDump_secondWithinInterval_isRefused() {
    Heartbeat hb = heartbeat().threadDumpInterval(Duration.ofMinutes(1)).build();
    hb.watchCurrentThread();
    Diagnostics first = hb.requestThreadDump().orElseThrow();
    assertThat(first.threadDump()).contains("requestThreadDump_secondWithinInterval_isRefused");
    step(Duration.ofSeconds(59));
    assertThat(hb.requestThreadDump()).isEmpty();
    step(Duration.ofSeconds(1));
    assertThat(hb.requestThreadDump()).isPresent();
  }

  @Test
  void threadDumpOnMiss_breach_carriesFullDump() {
    Heartbeat hb = heartbeat().threadDumpOnMiss(true).build();
    hb.ready();
    step(Duration.ofSeconds(11));
    hb.check();
    assertThat(hb.lastDiagnostics().orElseThrow().threadDump()).contains("\"main\"");
  }

  @Test
  void builder_badArguments_areRejectedWithTheValue() {
    assertThatThrownBy(() -> Heartbeat.builder(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank, got ' '");
    assertThatThrownBy(() -> Heartbeat.builder("x").deadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("deadline must be positive, got PT0S");
  }
}
