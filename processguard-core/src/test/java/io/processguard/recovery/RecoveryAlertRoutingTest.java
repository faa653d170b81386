package io.processguard.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.alert.AlertRouter;
import io.processguard.alert.Notification;
import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A guard whose alerts go through an AlertRouter: grace, per-channel keys, resolves. */
class RecoveryAlertRoutingTest {
  private final ManualTicker time = new ManualTicker();
  private final List<Notification> pager = new CopyOnWriteArrayList<>();
  private final AtomicReference<Double> latency = new AtomicReference<>(100.0);
  private ProcessGuard guard;

  @AfterEach
  void close() {
    guard.close();
  }

  private ProcessGuard build(boolean restartHeals) {
    AlertRouter router = AlertRouter.builder().ticker(time).clock(time).channel("pager", pager::add)
        .triggerGrace(Duration.ofSeconds(30)).build();
    return ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run).actionExecutor(Runnable::run)
        .probeJitter(0).schedulerThread(false).logEvents(false).alertRouter(router)
        .target(TargetSpec.builder(Target.of("checkout"))
            .probe("latency", () -> Sample.of("p99", latency.get()), Duration.ofSeconds(5))
            .condition("slow", Severity.CRITICAL, Condition.signal("p99").above(500)).build())
        .restartable("workers", new Restartable() {
          @Override
          public void stop(Duration timeout) { }

          @Override
          public void start() {
            if (restartHeals) {
              latency.set(100.0);
            }
          }
        })
        .policy(Policy.builder("p", "checkout").backoff(Backoff.NONE).restartBudget(RestartBudget.of(1, Duration.ofHours(1)))
            .escalateTo("pager")
            .rule("slow", Duration.ofSeconds(20), Rung.of(ActionSpec.restart("workers"), ActionSpec.alert("pager")),
                Rung.of(ActionSpec.restart("workers")))
            .build())
        .build();
  }

  private void advance(int seconds) {
    for (int i = 0; i < seconds; i++) {
      time.advance(Duration.ofSeconds(1));
      guard.tick();
    }
  }

  @Test
  void breachThatRecoversWithinTheGrace_pagesNobody() {
    guard = build(true);
    guard.tick();
    latency.set(900.0);
    advance(60);
    assertThat(guard.incidents("checkout")).hasSize(1);
    assertThat(pager).isEmpty();
  }

  @Test
  void breachThatDoesNotRecover_pagesOnceAfterTheGraceFoldsTheEscalationAndResolvesOnRecovery() {
    guard = build(false);
    guard.tick();
    latency.set(900.0);
    advance(29);
    assertThat(pager).isEmpty();
    advance(91);
    await().until(() -> pager.size() == 1);
    String incident = guard.incidents("checkout").get(0).id();
    Notification page = pager.get(0);
    assertThat(page.kind()).isEqualTo(Notification.Kind.TRIGGER);
    assertThat(page.dedupKey()).isEqualTo(incident + "/pager");

    latency.set(100.0);
    advance(5);
    await().until(() -> pager.size() == 2);
    assertThat(pager.get(1).kind()).isEqualTo(Notification.Kind.RESOLVE);
    assertThat(pager.get(1).dedupKey()).isEqualTo(incident + "/pager");
  }
}
