package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class PagerDutyNotifierTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LoopbackServer server = newServer();
  private final RecordingScheduler scheduler = new RecordingScheduler();

  private static LoopbackServer newServer() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    server.close();
    scheduler.shutdownNow();
  }

  private PagerDutyNotifier pagerDuty() {
    return PagerDutyNotifier.builder("R0UT1NGKEY00000000000000000000000")
        .baseUrl(server.uri("/")).source("checkout-service.prod").build();
  }

  static final String TRIGGER_EVENT = """
      {
        "routing_key": "R0UT1NGKEY00000000000000000000000",
        "event_action": "trigger",
        "dedup_key": "checkout/heap-high",
        "client": "ProcessGuard",
        "payload": {
          "summary": "checkout: heap-high (heap.used.ratio=0.95 > 0.9)",
          "source": "checkout-service.prod",
          "severity": "critical",
          "timestamp": "2026-01-01T00:00:00Z",
          "component": "checkout",
          "group": "CRITICAL",
          "class": "gc.pause.ratio,heap.used.ratio",
          "custom_details": {
            "target": "checkout",
            "tier": "CRITICAL",
            "rto": "5m",
            "signals": {"gc.pause.ratio": 0.12, "heap.used.ratio": 0.95},
            "thresholds": {"heap.used.ratio": "> 0.9"},
            "actions": ["restart checkout-pool: ok after 2.1s"],
            "remediation": "Raise -Xmx or find the leak",
            "incident_id": "inc-42",
            "detail": "Heap stayed above 90% for 3 samples.",
            "tags": {"env": "prod", "team": "payments"}
          }
        },
        "links": [{"href": "https://runbooks.example.com/checkout#heap", "text": "Runbook"}]
      }
      """;

  @Test
  void deliver_trigger_postsEventsV2TriggerToEnqueue() throws Exception {
    server.respond(202, "{\"status\":\"success\",\"dedup_key\":\"checkout/heap-high\"}");

    pagerDuty().deliver(Fixtures.checkoutHeap());

    LoopbackServer.Request r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.header("Content-type")).isEqualTo("application/json");
    assertThat(r.json()).isEqualTo(JSON.readTree(TRIGGER_EVENT));
  }

  @Test
  void deliver_resolve_postsResolveWithTheSameDedupKey() throws Exception {
    pagerDuty().deliver(Fixtures.checkoutHeap().withKind(Notification.Kind.RESOLVE, Fixtures.AT));

    assertThat(server.requests().get(0).json()).isEqualTo(JSON.readTree("""
        {"routing_key": "R0UT1NGKEY00000000000000000000000", "event_action": "resolve",
         "dedup_key": "checkout/heap-high"}
        """));
  }

  @Test
  void deliver_info_postsAChangeEvent() throws Exception {
    Notification info = Notification.builder("checkout/restart-1", "checkout")
        .kind(Notification.Kind.INFO).severity(AlertSeverity.INFO)
        .summary("checkout: restarted checkout-pool (ok after 2.1s)").timestamp(Fixtures.AT)
        .actions(java.util.List.of("restart checkout-pool: ok after 2.1s")).build();

    pagerDuty().deliver(info);

    LoopbackServer.Request r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v2/change/enqueue");
    assertThat(r.json()).isEqualTo(JSON.readTree("""
        {"routing_key": "R0UT1NGKEY00000000000000000000000",
         "payload": {"summary": "checkout: restarted checkout-pool (ok after 2.1s)",
           "source": "checkout-service.prod", "timestamp": "2026-01-01T00:00:00Z",
           "custom_details": {"target": "checkout",
             "actions": ["restart checkout-pool: ok after 2.1s"]}}}
        """));
  }

  @Test
  void severity_mapsEveryLevel() {
    assertThat(PagerDutyNotifier.severity(AlertSeverity.CRITICAL)).isEqualTo("critical");
    assertThat(PagerDutyNotifier.severity(AlertSeverity.ERROR)).isEqualTo("error");
    assertThat(PagerDutyNotifier.severity(AlertSeverity.WARNING)).isEqualTo("warning");
    assertThat(PagerDutyNotifier.severity(AlertSeverity.INFO)).isEqualTo("info");
    assertThat(PagerDutyNotifier.EU_BASE_URL.toString())
        .isEqualTo("https://events.eu.pagerduty.com");
  }

  private AlertRouter router() {
    ManualTicker time = new ManualTicker();
    return AlertRouter.builder().ticker(time).clock(time).triggerGrace(Duration.ZERO)
        .channel(ChannelConfig.builder("pagerduty", pagerDuty()).executor(scheduler).jitter(0)
            .initialBackoff(Duration.ofMillis(250)).build())
        .build();
  }

  @Test
  void router_429Then500ThenAccepted_retriesPerRetryAfterThenBackoff() {
    server.respond(429, Map.of("Retry-After", "2"), "{\"status\":\"throttle event\"}")
        .respond(500, "oops").respond(202, "{\"status\":\"success\"}");
    try (AlertRouter router = router()) {
      router.submit(Fixtures.checkoutHeap());

      org.awaitility.Awaitility.await().until(() ->
          router.stats().channel("pagerduty", DeliveryOutcome.DELIVERED) == 1);
      assertThat(scheduler.delaysMillis()).containsExactly(2_000L, 500L);
      assertThat(server.requests()).hasSize(3);
      assertThat(server.requests().get(2).json()).isEqualTo(JSON.readTree(TRIGGER_EVENT));
    }
  }

  @Test
  void router_400_isNotRetried() {
    server.respond(400, "{\"status\":\"invalid event\",\"errors\":[\"'routing_key' is invalid\"]}");
    try (AlertRouter router = router()) {
      router.submit(Fixtures.checkoutHeap());

      org.awaitility.Awaitility.await().until(() ->
          router.stats().channel("pagerduty", DeliveryOutcome.REJECTED) == 1);
      assertThat(server.requests()).hasSize(1);
      assertThat(scheduler.delaysMillis()).isEmpty();
    }
  }
}
