package io.processguard.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DrillSchedulerTest {
  private final Drill drill = Drill.builder("d", "checkout").fault(Fault.hang("p")).build();

  @Test
  void start_schedulingNotEnabled_isRefused() {
    ChaosConfig config = ChaosConfig.builder().allowDrills("checkout").build();
    try (DrillScheduler s = DrillScheduler.create(config, d -> DrillReportsTest.sample(), r -> { })) {
      assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class)
          .hasMessage("scheduled drills are off: enable them with ChaosConfig.builder().scheduling(true)");
    }
  }

  @Test
  void every_targetNotAllowed_isRefused() {
    ChaosConfig config = ChaosConfig.builder().scheduling(true).build();
    try (DrillScheduler s = DrillScheduler.create(config, d -> DrillReportsTest.sample(), r -> { })) {
      assertThatThrownBy(() -> s.every(drill, Duration.ofHours(1))).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("drills are not allowed on target 'checkout'");
    }
  }

  @Test
  void start_enabled_runsTheDrillRepeatedlyOnItsDaemonThread() {
    ChaosConfig config = ChaosConfig.builder().allowDrills("checkout").scheduling(true).build();
    List<String> threads = new CopyOnWriteArrayList<>();
    List<DrillReport> reports = new CopyOnWriteArrayList<>();
    try (DrillScheduler s = DrillScheduler.create(config, d -> {
      threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
      return DrillReportsTest.sample();
    }, reports::add)) {
      s.every(drill, Duration.ofMillis(10)).start();
      await().until(() -> reports.size() >= 2);
    }
    assertThat(threads).allMatch(t -> t.equals("processguard-drills daemon"));
  }
}
