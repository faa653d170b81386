package io.processguard.alert;

import static io.processguard.alert.AlertSeverity.CRITICAL;
import static io.processguard.alert.AlertSeverity.INFO;
import static io.processguard.alert.AlertSeverity.WARNING;
import static io.processguard.alert.Notification.Kind.REMINDER;
import static io.processguard.alert.Notification.Kind.RESOLVE;
import static io.processguard.alert.Notification.Kind.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import io.processguard.event.GuardEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertRouterTest {
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration REMIND = Duration.ofMinutes(10);
  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private AlertRouter router;

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
  }

  private AlertRouter.Builder base() {
    return AlertRouter.builder().ticker(time).clock(time)
        .channel("pagerduty", n -> { })
        .channel("slack", n -> { })
        .triggerGrace(GRACE).reminderInterval(REMIND).groupWindow(WINDOW)
        .listener(events::add);
  }

  private AlertRouter start() {
    router = base().build();
    return router;
  }

  /** "KIND key -> channels" for each routed notification, in order. */
  private List<String> sent() {
    List<String> out = new ArrayList<>();
    for (GuardEvent e : events) {
      if (e instanceof AlertEvent.Routed) {
        AlertEvent.Routed r = (AlertEvent.Routed) e;
        out.add(r.kind() + " " + r.dedupKey() + " -> " + String.join(",", r.channels()));
      }
    }
    return out;
  }

  private List<String> suppressed() {
    List<String> out = new ArrayList<>();
    for (GuardEvent e : events) {
      if (e instanceof AlertEvent.Suppressed) {
        AlertEvent.Suppressed s = (AlertEvent.Suppressed) e;
        out.add(s.kind() + " " + s.dedupKey() + " " + s.reason());
      }
    }
    return out;
  }

  private static Notification trigger(String key, String target, AlertSeverity s) {
    return Fixtures.of(key, target, TRIGGER, s);
  }

  private static Notification resolve(String key, String target) {
    return Fixtures.of(key, target, RESOLVE, WARNING);
  }

  @Test
  void submit_resolveWithinGrace_sendsNeitherAndCountsBothTransient() {
    start().submit(trigger("a", "checkout", WARNING));
    time.advance(Duration.ofSeconds(29));
    router.tick();
    router.submit(resolve("a", "checkout"));
    time.advance(Duration.ofMinutes(1));
    router.tick();

    assertThat(sent()).isEmpty();
    assertThat(suppressed()).containsExactly("TRIGGER a TRANSIENT", "RESOLVE a TRANSIENT");
    assertThat(router.stats().suppressed(SuppressionReason.TRANSIENT)).isEqualTo(2);
    assertThat(router.stats().openAlerts()).isZero();
  }

  @Test
  void tick_graceEnded_sendsTriggerOnceAndDuplicatesSendNothing() {
    start().submit(trigger("a", "checkout", WARNING));
    time.advance(Duration.ofSeconds(29));
    router.tick();
    assertThat(sent()).isEmpty();

    time.advance(Duration.ofSeconds(1));
    router.tick();
    router.submit(trigger("a", "checkout", WARNING));
    router.submit(trigger("a", "checkout", WARNING));
    time.advance(Duration.ofSeconds(30));
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER a DUPLICATE", "TRIGGER a DUPLICATE");
    assertThat(router.stats().sent(TRIGGER)).isEqualTo(1);
  }

  @Test
  void submit_resolveAfterTriggerSent_sendsResolveAndClosesAlert() {
    start().submit(trigger("a", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(resolve("a", "checkout"));

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack",
        "RESOLVE a -> pagerduty,slack");
    assertThat(router.stats().openAlerts()).isZero();
    assertThat(router.stats().openPages()).isZero();
  }

  @Test
  void submit_resolveOfUnknownKey_countsNotOpen() {
    start().submit(resolve("nothing", "checkout"));

    assertThat(sent()).isEmpty();
    assertThat(suppressed()).containsExactly("RESOLVE nothing NOT_OPEN");
  }

  @Test
  void submit_zeroGrace_sendsOnTheSameCall() {
    router = base().triggerGrace(Duration.ZERO).build();
    router.submit(trigger("a", "checkout", WARNING));

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack");
  }

  @Test
  void tick_openAlert_remindsEveryIntervalUntilResolved() {
    start().submit(trigger("a", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    for (int i = 0; i < 25; i++) {
      time.advance(Duration.ofMinutes(1));
      router.tick();
    }
    router.submit(resolve("a", "checkout"));
    time.advance(Duration.ofHours(1));
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack",
        "REMINDER a -> pagerduty,slack", "REMINDER a -> pagerduty,slack",
        "RESOLVE a -> pagerduty,slack");
    assertThat(router.stats().sent(REMINDER)).isEqualTo(2);
  }

  @Test
  void tick_reminder_carriesLatestContentOfRepeatedTrigger() {
    List<Notification> delivered = new CopyOnWriteArrayList<>();
    RecordingScheduler scheduler = new RecordingScheduler();
    router = AlertRouter.builder().ticker(time).clock(time).triggerGrace(GRACE)
        .reminderInterval(REMIND)
        .channel(ChannelConfig.builder("log", delivered::add).executor(scheduler).build())
        .build();
    router.submit(trigger("a", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(trigger("a", "checkout", WARNING).toBuilder().summary("checkout: worse")
        .build());
    time.advance(REMIND);
    router.tick();

    org.awaitility.Awaitility.await().until(() -> delivered.size() == 2);
    assertThat(delivered.get(1).kind()).isEqualTo(REMINDER);
    assertThat(delivered.get(1).summary()).isEqualTo("checkout: worse");
    assertThat(delivered.get(1).timestamp()).isEqualTo(time.instant());
    scheduler.shutdownNow();
  }

  @Test
  void tick_sameGroupWithinWindow_foldsIntoOnePageAndResolvesWithTheLast() {
    start().submit(trigger("heap", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    time.advance(Duration.ofMinutes(1));
    router.submit(trigger("latency", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(resolve("heap", "checkout"));
    router.submit(resolve("latency", "checkout"));

    assertThat(sent()).containsExactly("TRIGGER heap -> pagerduty,slack",
        "RESOLVE heap -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER latency GROUPED", "RESOLVE heap GROUPED");
    assertThat(router.stats().suppressed(SuppressionReason.GROUPED)).isEqualTo(2);
  }

  @Test
  void tick_releasedOnSameTick_sendsOnePageListingEveryMember() {
    List<Notification> delivered = new CopyOnWriteArrayList<>();
    RecordingScheduler scheduler = new RecordingScheduler();
    router = AlertRouter.builder().ticker(time).clock(time).triggerGrace(GRACE)
        .channel(ChannelConfig.builder("log", delivered::add).executor(scheduler).build())
        .build();
    router.submit(trigger("heap", "checkout", WARNING));
    router.submit(trigger("latency", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();

    org.awaitility.Awaitility.await().until(() -> delivered.size() == 1);
    assertThat(delivered.get(0).dedupKey()).isEqualTo("heap");
    assertThat(delivered.get(0).detail()).isEqualTo("2 open alerts in group 'checkout':\n"
        + "- heap: checkout: heap\n- latency: checkout: latency");
    scheduler.shutdownNow();
  }

  @Test
  void tick_keyOfAPageStillOpenTriggersAgain_rejoinsThatPageInsteadOfShadowingIt() {
    start().submit(trigger("heap", "checkout", WARNING));
    router.submit(trigger("latency", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(resolve("heap", "checkout"));
    time.advance(WINDOW);
    router.submit(trigger("heap", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(resolve("latency", "checkout"));
    router.submit(resolve("heap", "checkout"));

    assertThat(sent()).containsExactly("TRIGGER heap -> pagerduty,slack",
        "RESOLVE heap -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER latency GROUPED", "RESOLVE heap GROUPED",
        "TRIGGER heap GROUPED", "RESOLVE latency GROUPED");
    assertThat(router.stats().openPages()).isZero();
  }

  @Test
  void tick_afterGroupWindow_opensASecondPage() {
    start().submit(trigger("heap", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    time.advance(WINDOW);
    router.submit(trigger("latency", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER heap -> pagerduty,slack",
        "TRIGGER latency -> pagerduty,slack");
  }

  @Test
  void tick_moreSevereAlertOfGroup_opensItsOwnPage() {
    router = base().noInhibition().build();
    router.submit(trigger("heap", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(trigger("down", "checkout", CRITICAL));
    time.advance(GRACE);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER heap -> pagerduty,slack",
        "TRIGGER down -> pagerduty,slack");
  }

  @Test
  void tick_groupByTag_groupsTargetsSharingTheTagValue() {
    router = base().groupByTag("service").build();
    router.submit(Fixtures.of("a", "orders-db", TRIGGER, WARNING).toBuilder()
        .tag("service", "orders").build());
    router.submit(Fixtures.of("b", "orders-api", TRIGGER, WARNING).toBuilder()
        .tag("service", "orders").build());
    router.submit(Fixtures.of("c", "billing", TRIGGER, WARNING));
    time.advance(GRACE);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack",
        "TRIGGER c -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER b GROUPED");
  }

  @Test
  void tick_groupWindowZero_neverGroups() {
    router = base().groupWindow(Duration.ZERO).build();
    router.submit(trigger("heap", "checkout", WARNING));
    router.submit(trigger("latency", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER heap -> pagerduty,slack",
        "TRIGGER latency -> pagerduty,slack");
  }

  @Test
  void tick_silencedTarget_countsOnceThenSendsWhenSilenceEnds() {
    start().addSilence(Silence.builder(time.instant(), time.instant().plus(Duration.ofMinutes(2)))
        .target("checkout").comment("deploy").build());
    router.submit(trigger("a", "checkout", WARNING));
    router.submit(trigger("b", "billing", WARNING));
    time.advance(GRACE);
    router.tick();
    time.advance(Duration.ofSeconds(30));
    router.tick();
    assertThat(sent()).containsExactly("TRIGGER b -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER a SILENCED");

    time.advance(Duration.ofMinutes(1));
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER b -> pagerduty,slack",
        "TRIGGER a -> pagerduty,slack");
    assertThat(router.stats().suppressed(SuppressionReason.SILENCED)).isEqualTo(1);
  }

  @Test
  void submit_resolveOfSilencedAlert_sendsNothing() {
    start().addSilence(Silence.forTarget("checkout", time.instant(),
        time.instant().plus(Duration.ofHours(1))));
    router.submit(trigger("a", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(resolve("a", "checkout"));
    time.advance(Duration.ofHours(2));
    router.tick();

    assertThat(sent()).isEmpty();
    assertThat(suppressed()).containsExactly("TRIGGER a SILENCED", "RESOLVE a NOT_OPEN");
  }

  @Test
  void tick_silenceByTag_mutesOnlyMatchingTags() {
    start().addSilence(Silence.builder(time.instant(), time.instant().plus(Duration.ofHours(1)))
        .tag("env", "staging").build());
    router.submit(Fixtures.of("a", "checkout", TRIGGER, WARNING).toBuilder()
        .tag("env", "staging").build());
    router.submit(Fixtures.of("b", "billing", TRIGGER, WARNING).toBuilder()
        .tag("env", "prod").build());
    time.advance(GRACE);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER b -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER a SILENCED");
  }

  @Test
  void tick_silenceRemovedEarly_sendsOnNextTick() {
    start().addSilence(Silence.builder(time.instant(), time.instant().plus(Duration.ofHours(1)))
        .id("s1").target("checkout").build());
    router.submit(trigger("a", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();

    assertThat(router.removeSilence("s1")).isTrue();
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack");
    assertThat(router.silences()).isEmpty();
  }

  @Test
  void tick_openCriticalAlert_inhibitsLowerSeveritiesOfItsTargetOnly() {
    start().submit(trigger("quarantined", "checkout", CRITICAL));
    router.submit(trigger("latency", "checkout", WARNING));
    router.submit(trigger("latency", "billing", WARNING).toBuilder().dedupKey("billing-latency")
        .build());
    time.advance(GRACE);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER quarantined -> pagerduty,slack",
        "TRIGGER billing-latency -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("TRIGGER latency INHIBITED");

    router.submit(resolve("quarantined", "checkout"));
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER quarantined -> pagerduty,slack",
        "TRIGGER billing-latency -> pagerduty,slack", "RESOLVE quarantined -> pagerduty,slack",
        "TRIGGER latency -> pagerduty,slack");
  }

  @Test
  void tick_criticalOpensAfterWarningPaged_suppressesItsReminders() {
    start().submit(trigger("latency", "checkout", WARNING));
    time.advance(GRACE);
    router.tick();
    router.submit(trigger("quarantined", "checkout", CRITICAL));
    time.advance(REMIND);
    router.tick();

    assertThat(sent()).containsExactly("TRIGGER latency -> pagerduty,slack",
        "TRIGGER quarantined -> pagerduty,slack");
    assertThat(suppressed()).containsExactly("REMINDER latency INHIBITED");
  }

  @Test
  void submit_info_bypassesGraceAndIsSentAtOnce() {
    start().submit(Fixtures.of("restart-1", "checkout", Notification.Kind.INFO, INFO));

    assertThat(sent()).containsExactly("INFO restart-1 -> pagerduty,slack");
  }

  @Test
  void submit_routes_sendEachSeverityToItsChannels() {
    router = base().triggerGrace(Duration.ZERO).route(CRITICAL, "pagerduty", "slack")
        .route(WARNING, "slack").build();
    router.submit(trigger("down", "checkout", CRITICAL));
    router.submit(trigger("slow", "billing", WARNING));
    router.submit(Fixtures.of("note", "billing", Notification.Kind.INFO, INFO));

    assertThat(sent()).containsExactly("TRIGGER down -> pagerduty,slack",
        "TRIGGER slow -> slack");
    assertThat(suppressed()).containsExactly("INFO note UNROUTED");
  }

  @Test
  void nextWakeNanos_followsGraceThenReminderThenSilenceEnd() {
    start();
    assertThat(router.nextWakeNanos()).isEqualTo(OptionalLong.empty());
    router.submit(trigger("a", "checkout", WARNING));
    assertThat(router.nextWakeNanos()).isEqualTo(OptionalLong.of(GRACE.toNanos()));
    time.advance(GRACE);
    router.tick();
    assertThat(router.nextWakeNanos()).isEqualTo(OptionalLong.of(GRACE.plus(REMIND).toNanos()));

    router.addSilence(Silence.forTarget("billing", time.instant(),
        time.instant().plus(Duration.ofSeconds(90))));
    router.submit(trigger("b", "billing", WARNING));
    time.advance(GRACE);
    router.tick();
    assertThat(router.nextWakeNanos()).isEqualTo(OptionalLong.of(Duration.ofSeconds(120)
        .toNanos()));
  }

  @Test
  void submit_listenerThrows_routerGoesOn() {
    router = base().triggerGrace(Duration.ZERO).listener(e -> {
      throw new IllegalStateException("listener broke");
    }).build();
    router.submit(trigger("a", "checkout", WARNING));

    assertThat(sent()).containsExactly("TRIGGER a -> pagerduty,slack");
  }

  @Test
  void submit_afterClose_throws() {
    start().close();

    assertThatThrownBy(() -> router.submit(trigger("a", "checkout", WARNING)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("alert router is closed; notification 'a' not accepted");
  }

  @Test
  void build_routeToUnknownChannel_isRejectedNamingIt() {
    assertThatThrownBy(() -> base().route(CRITICAL, "opsgenie").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("route for CRITICAL names channel 'opsgenie', but the channels are "
            + "[pagerduty, slack]");
  }

  @Test
  void builder_badArguments_areRejectedNamingThem() {
    assertThatThrownBy(() -> AlertRouter.builder().triggerGrace(Duration.ofSeconds(-1)))
        .hasMessage("triggerGrace must not be negative, got PT-1S");
    assertThatThrownBy(() -> AlertRouter.builder().channel("Slack!", n -> { }))
        .hasMessage("channel name must match [a-z0-9][a-z0-9-]*, got 'Slack!'");
    assertThatThrownBy(() -> AlertRouter.builder().channel("a", n -> { }).channel("a", n -> { }))
        .hasMessage("channel 'a' is already configured");
  }
}
