package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackNotifierTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LoopbackServer server = newServer();

  private static LoopbackServer newServer() {
    try {
      return new LoopbackServer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    server.close();
  }

  private SlackNotifier slack() {
    return SlackNotifier.builder(server.uri("/services/T000/B000/XXXX")).build();
  }

  static final String TRIGGER_MESSAGE = """
      {
        "text": ":rotating_light: TRIGGERED [CRITICAL] checkout: heap-high (heap.used.ratio=0.95 > 0.9)",
        "blocks": [
          {"type": "header", "text": {"type": "plain_text",
            "text": ":rotating_light: TRIGGERED [CRITICAL] checkout: heap-high (heap.used.ratio=0.95 > 0.9)",
            "emoji": true}},
          {"type": "section", "text": {"type": "mrkdwn",
            "text": "Heap stayed above 90% for 3 samples."}},
          {"type": "section", "fields": [
            {"type": "mrkdwn", "text": "*Target*\\ncheckout"},
            {"type": "mrkdwn", "text": "*Tier*\\nCRITICAL"},
            {"type": "mrkdwn", "text": "*RTO*\\n5m"},
            {"type": "mrkdwn", "text": "*Signals vs thresholds*\\n\u2022 gc.pause.ratio = 0.12\\n\u2022 heap.used.ratio = 0.95 (threshold &gt; 0.9)"},
            {"type": "mrkdwn", "text": "*Actions taken*\\n\u2022 restart checkout-pool: ok after 2.1s"},
            {"type": "mrkdwn", "text": "*Remediation*\\nRaise -Xmx or find the leak"},
            {"type": "mrkdwn", "text": "*Tags*\\nenv=prod, team=payments"}
          ]},
          {"type": "context", "elements": [{"type": "mrkdwn",
            "text": "incident `inc-42` | dedup `checkout/heap-high` | 2026-01-01T00:00:00Z"}]},
          {"type": "actions", "elements": [{"type": "button", "action_id": "processguard-runbook",
            "text": {"type": "plain_text", "text": "Open runbook"},
            "url": "https://runbooks.example.com/checkout#heap"}]}
        ]
      }
      """;

  @Test
  void deliver_trigger_postsBlockKitMessageWithEveryField() throws Exception {
    slack().deliver(Fixtures.checkoutHeap());

    LoopbackServer.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/services/T000/B000/XXXX");
    assertThat(r.header("Content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("User-agent")).isEqualTo("ProcessGuard");
    assertThat(r.json()).isEqualTo(JSON.readTree(TRIGGER_MESSAGE));
  }

  @Test
  void deliver_resolve_postsResolvedHeaderWithoutDetailSection() throws Exception {
    Notification resolve = Notification.builder("checkout/heap-high", "checkout")
        .kind(Notification.Kind.RESOLVE).severity(AlertSeverity.CRITICAL)
        .summary("checkout: heap-high cleared").timestamp(Fixtures.AT).build();

    slack().deliver(resolve);

    JsonNode body = server.requests().get(0).json();
    assertThat(body).isEqualTo(JSON.readTree("""
        {"text": ":white_check_mark: RESOLVED [CRITICAL] checkout: heap-high cleared",
         "blocks": [
          {"type": "header", "text": {"type": "plain_text",
            "text": ":white_check_mark: RESOLVED [CRITICAL] checkout: heap-high cleared", "emoji": true}},
          {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Target*\\ncheckout"}]},
          {"type": "context", "elements": [{"type": "mrkdwn",
            "text": "dedup `checkout/heap-high` | 2026-01-01T00:00:00Z"}]}
         ]}
        """));
  }

  @Test
  void deliver_longSummary_truncatesHeaderTo150Characters() throws Exception {
    Notification n = Fixtures.checkoutHeap().toBuilder().summary("x".repeat(400)).build();

    slack().deliver(n);

    String header = server.requests().get(0).json().get("blocks").get(0).get("text").get("text")
        .asString();
    assertThat(header).hasSize(150).endsWith("x\u2026");
  }

  @Test
  void deliver_429WithRetryAfter_failsRetryablyWithTheWait() {
    server.respond(429, java.util.Map.of("Retry-After", "3"), "rate_limited");

    assertThatThrownBy(() -> slack().deliver(Fixtures.checkoutHeap()))
        .isInstanceOfSatisfying(NotifierException.class, e -> {
          assertThat(e.status()).hasValue(429);
          assertThat(e.retryable()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
          assertThat(e.channel()).isEqualTo("slack");
        });
  }

  @Test
  void deliver_400InvalidPayload_failsForGoodWithoutLeakingTheWebhookPath() {
    server.respond(400, "invalid_payload");

    assertThatThrownBy(() -> slack().deliver(Fixtures.checkoutHeap()))
        .isInstanceOfSatisfying(NotifierException.class, e -> {
          assertThat(e.status()).hasValue(400);
          assertThat(e.retryable()).isFalse();
          assertThat(e.retryAfter()).isEmpty();
        })
        .hasMessage("slack: HTTP 400 from " + server.uri("") + ": invalid_payload")
        .message().doesNotContain("XXXX");
  }

  @Test
  void builder_relativeUrl_isRejected() {
    assertThatThrownBy(() -> SlackNotifier.builder(URI.create("/hooks")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhookUrl must be an absolute http(s) URL, got null://null");
  }
}
