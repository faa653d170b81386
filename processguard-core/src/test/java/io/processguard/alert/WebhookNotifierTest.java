package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class WebhookNotifierTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(
      StandardCharsets.US_ASCII);
  private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:05Z"),
      ZoneOffset.UTC);
  private final LoopbackServer server = newServer();

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
  }

  private WebhookNotifier webhook() {
    return WebhookNotifier.builder(server.uri("/hooks/processguard")).secret(WHSEC)
        .source("/processguard/checkout-service").clock(CLOCK).build();
  }

  /** The Standard Webhooks signature, computed here without the code under test. */
  private static String expectedSignature(String id, String timestamp, byte[] body)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(WHSEC.substring(6)), "HmacSHA256"));
    byte[] signed = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
  }

  @Test
  void deliver_trigger_postsSignedStructuredCloudEvent() throws Exception {
    webhook().deliver(Fixtures.checkoutHeap());

    LoopbackServer.Request r = server.requests().get(0);
    String id = r.header("Webhook-id");
    assertThat(id).startsWith("msg_").hasSize(40);
    assertThat(r.header("Webhook-timestamp")).isEqualTo("1767225605");
    assertThat(r.header("Webhook-signature"))
        .isEqualTo(expectedSignature(id, "1767225605", r.body()));
    assertThat(r.header("Content-type")).isEqualTo("application/cloudevents+json; charset=utf-8");
    assertThat(r.json()).isEqualTo(JSON.readTree("""
        {
          "specversion": "1.0",
          "id": "ID",
          "source": "/processguard/checkout-service",
          "type": "io.processguard.alert.trigger",
          "subject": "checkout",
          "time": "2026-01-01T00:00:00Z",
          "datacontenttype": "application/json",
          "data": {
            "dedupKey": "checkout/heap-high",
            "kind": "TRIGGER",
            "severity": "CRITICAL",
            "target": "checkout",
            "tier": "CRITICAL",
            "rto": "PT5M",
            "summary": "checkout: heap-high (heap.used.ratio=0.95 > 0.9)",
            "detail": "Heap stayed above 90% for 3 samples.",
            "signals": {"gc.pause.ratio": 0.12, "heap.used.ratio": 0.95},
            "thresholds": {"heap.used.ratio": "> 0.9"},
            "actions": ["restart checkout-pool: ok after 2.1s"],
            "runbook": "https://runbooks.example.com/checkout#heap",
            "remediation": "Raise -Xmx or find the leak",
            "incidentId": "inc-42",
            "timestamp": "2026-01-01T00:00:00Z",
            "tags": {"env": "prod", "team": "payments"}
          }
        }
        """.replace("ID", id)));
  }

  @Test
  void deliver_sameNotificationTwice_keepsTheSameIdForReceiversToDeduplicate() throws Exception {
    webhook().deliver(Fixtures.checkoutHeap());
    webhook().deliver(Fixtures.checkoutHeap());
    webhook().deliver(Fixtures.checkoutHeap().withKind(Notification.Kind.RESOLVE, Fixtures.AT));

    assertThat(server.requests().get(0).header("Webhook-id"))
        .isEqualTo(server.requests().get(1).header("Webhook-id"))
        .isNotEqualTo(server.requests().get(2).header("Webhook-id"));
    assertThat(server.requests().get(2).json().get("type").asString())
        .isEqualTo("io.processguard.alert.resolve");
  }

  @Test
  void deliver_rawSecretBytes_signLikeTheWhsecForm() throws Exception {
    WebhookNotifier.builder(server.uri("/h")).secret(KEY).clock(CLOCK).build()
        .deliver(Fixtures.checkoutHeap());

    LoopbackServer.Request r = server.requests().get(0);
    assertThat(r.header("Webhook-signature")).isEqualTo(expectedSignature(
        r.header("Webhook-id"), r.header("Webhook-timestamp"), r.body()));
  }

  @Test
  void deliver_noSecret_sendsNoSignature() throws Exception {
    WebhookNotifier.builder(server.uri("/h")).clock(CLOCK).build().deliver(Fixtures.checkoutHeap());

    assertThat(server.requests().get(0).header("Webhook-signature")).isNull();
    assertThat(server.requests().get(0).header("Webhook-id")).startsWith("msg_");
  }

  @Test
  void builder_badSecrets_areRejected() {
    assertThatThrownBy(() -> WebhookNotifier.builder(server.uri("/h")).secret("abc"))
        .hasMessage("secret must start with 'whsec_'");
    assertThatThrownBy(() -> WebhookNotifier.builder(server.uri("/h")).secret(new byte[8]))
        .hasMessage("secret must have at least 16 bytes, got 8");
  }
}
