package io.processguard.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.probe.Sample;
import io.processguard.probe.SampleStatus;
import io.processguard.recovery.Restartable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChaosTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
  private final List<Duration> slept = new ArrayList<>();
  private final Chaos chaos = Chaos.create(ChaosConfig.builder().allowDrills("checkout")
      .maxLeakBytes(1024 * 1024).build(), slept::add);

  @AfterEach
  void noFaultOutlivesItsTest() {
    assertThat(chaos.activeFaults()).isEmpty();
  }

  @Test
  void point_withoutFault_doesNothing() {
    ChaosPoint p = chaos.point("checkout");
    p.perturb();
    assertThat(p.isActive()).isFalse();
    assertThat(slept).isEmpty();
  }

  @Test
  void latency_atHalfTheCalls_delaysEverySecondCallUntilReleased() throws Exception {
    ChaosPoint p = chaos.point("checkout");
    Chaos.Live live = chaos.inject("d", "checkout", Fault.latency("checkout", Duration.ofMillis(200), 0.5), AT);
    for (int i = 0; i < 4; i++) {
      p.maybeDelay();
    }
    assertThat(chaos.activeFaults()).extracting(ActiveFault::fault)
        .containsExactly("latency +200 ms at 'checkout' (50% of calls)");
    live.release();
    p.maybeDelay();
    assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
  }

  @Test
  void failure_throwsAChaosExceptionNamingPointAndDrill() throws Exception {
    Chaos.Live live = chaos.inject("drill-1", "checkout", Fault.failure("checkout", 1.0), AT);
    assertThatThrownBy(() -> chaos.point("checkout").maybeFail()).isInstanceOf(ChaosException.class)
        .hasMessage("chaos: injected failure at 'checkout' (drill 'drill-1')");
    live.release();
    chaos.point("checkout").maybeFail();
  }

  @Test
  void hang_blocksTheCallerUntilReleased() throws Exception {
    Chaos.Live live = chaos.inject("d", "checkout", Fault.hang("checkout"), AT);
    AtomicBoolean returned = new AtomicBoolean();
    Thread worker = new Thread(() -> {
      chaos.point("checkout").maybeHang();
      returned.set(true);
    });
    worker.start();
    await().until(() -> worker.getState() == Thread.State.TIMED_WAITING);
    assertThat(returned).isFalse();
    live.release();
    worker.join(5000);
    assertThat(returned).isTrue();
  }

  @Test
  void memoryLeak_growsPerCallUpToItsBoundAndIsDroppedOnRelease() throws Exception {
    Chaos.Live live = chaos.inject("d", "checkout", Fault.memoryLeak("checkout", 256 * 1024, 64 * 1024), AT);
    for (int i = 0; i < 10; i++) {
      chaos.point("checkout").maybeLeak();
    }
    assertThat(chaos.leakedBytes()).isEqualTo(256 * 1024);
    live.release();
    assertThat(chaos.leakedBytes()).isZero();
  }

  @Test
  void memoryLeak_beyondTheConfiguredBound_isRefused() {
    assertThatThrownBy(() -> chaos.inject("d", "checkout", Fault.memoryLeak(2L * 1024 * 1024), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory leak of 2097152 bytes exceeds maxLeakBytes 1048576");
  }

  @Test
  void cpuBurn_runsItsThreadsUntilReleased() throws Exception {
    Chaos.Live live = chaos.inject("d", "checkout", Fault.cpuBurn(1, 0.1, Duration.ofMinutes(1)), AT);
    await().until(() -> Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("processguard-chaos-cpu-d-0")));
    live.release();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("processguard-chaos-cpu-d-0"));
  }

  @Test
  void probeFailure_failsSamplesWhileActive() throws Exception {
    FaultyProbe probe = chaos.probe("latency", () -> Sample.of("latency.p99.ms", 100));
    Chaos.Live live = chaos.inject("d", "checkout", Fault.probeFailure("latency"), AT);
    Sample failed = probe.sample();
    live.release();
    assertThat(failed.status()).isEqualTo(SampleStatus.FAILED);
    assertThat(failed.detail()).isEqualTo("chaos: probe 'latency' fails (drill 'd')");
    assertThat(probe.sample().value("latency.p99.ms")).isEqualTo(100.0);
  }

  @Test
  void probeFault_onAnUnwrappedProbe_saysHowToWrapIt() {
    assertThatThrownBy(() -> chaos.inject("d", "checkout", Fault.probeFailure("heap"), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("faulty probe 'heap' is not registered (registered: []): wrap it once with "
            + "chaos.probe(\"heap\", ...)");
  }

  @Test
  void stop_isStartedAgainOnRelease_unlessTheGuardRestartedIt() throws Exception {
    int[] calls = new int[2];
    ChaosComponent c = chaos.component("workers", new Restartable() {
      @Override
      public void stop(Duration timeout) {
        calls[0]++;
      }

      @Override
      public void start() {
        calls[1]++;
      }
    });
    chaos.inject("d", "checkout", Fault.stop("workers"), AT).release();
    assertThat(calls).containsExactly(1, 1);

    Chaos.Live again = chaos.inject("d", "checkout", Fault.stop("workers"), AT);
    c.stop(Duration.ofSeconds(1));
    c.start();
    again.release();
    assertThat(calls).containsExactly(3, 2);
  }

  @Test
  void inject_onATargetNotAllowed_isRefused() {
    assertThatThrownBy(() -> chaos.inject("d", "payments", Fault.hang("x"), AT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("drills are not allowed on target 'payments'");
    assertThat(ChaosConfig.disabled().allows("checkout")).isFalse();
  }

  @Test
  void close_releasesEveryActiveFault() throws Exception {
    chaos.inject("a", "checkout", Fault.hang("one"), AT);
    chaos.inject("b", "checkout", Fault.failure("two", 1.0), AT);
    assertThat(chaos.activeFaults()).extracting(ActiveFault::drill).containsExactly("a", "b");
    chaos.close();
    chaos.point("two").maybeFail();
  }

  @Test
  void fault_withBadArguments_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> Fault.latency("p", Duration.ZERO)).hasMessage("delay must be positive, got PT0S");
    assertThatThrownBy(() -> Fault.failure("p", 1.5)).hasMessage("rate must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> Fault.cpuBurn(1, 0, Duration.ofSeconds(1)))
        .hasMessage("dutyCycle must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> Fault.hang(" ")).hasMessage("point must not be blank, got ' '");
  }
}
