package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class OpsgenieNotifierTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
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

  private OpsgenieNotifier opsgenie() {
    return OpsgenieNotifier.builder("eb243592-faa2-4ba2-a551q-1afdf565c889")
        .baseUrl(server.uri("/")).build();
  }

  @Test
  void deliver_trigger_createsAlertWithAliasPriorityDetailsAndTags() throws Exception {
    server.respond(202, "{\"result\":\"Request will be processed\",\"requestId\":\"r1\"}");

    opsgenie().deliver(Fixtures.checkoutHeap());

    LoopbackServer.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/alerts");
    assertThat(r.query()).isNull();
    assertThat(r.header("Authorization")).isEqualTo("GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889");
    assertThat(r.json()).isEqualTo(JSON.readTree("""
        {
          "message": "checkout: heap-high (heap.used.ratio=0.95 > 0.9)",
          "alias": "checkout/heap-high",
          "description": "checkout: heap-high (heap.used.ratio=0.95 > 0.9)\\n\\nHeap stayed above 90% for 3 samples.\\n\\nSignals:\\n- gc.pause.ratio = 0.12\\n- heap.used.ratio = 0.95 (threshold > 0.9)\\n\\nActions taken:\\n- restart checkout-pool: ok after 2.1s\\n\\nRemediation: Raise -Xmx or find the leak\\n\\nRunbook: https://runbooks.example.com/checkout#heap",
          "priority": "P1",
          "entity": "checkout",
          "source": "ProcessGuard",
          "tags": ["processguard", "severity:critical", "env:prod", "team:payments"],
          "details": {
            "target": "checkout",
            "tier": "CRITICAL",
            "rto": "5m",
            "signal.gc.pause.ratio": "0.12",
            "signal.heap.used.ratio": "0.95 (threshold > 0.9)",
            "action.1": "restart checkout-pool: ok after 2.1s",
            "remediation": "Raise -Xmx or find the leak",
            "incident_id": "inc-42",
            "runbook": "https://runbooks.example.com/checkout#heap",
            "kind": "TRIGGER",
            "tag.env": "prod",
            "tag.team": "payments"
          }
        }
        """));
  }

  @Test
  void deliver_resolve_closesByAlias() throws Exception {
    opsgenie().deliver(Fixtures.checkoutHeap().toBuilder().kind(Notification.Kind.RESOLVE)
        .summary("checkout: heap-high cleared").build());

    LoopbackServer.Request r = server.requests().get(0);
    assertThat(r.path()).isEqualTo("/v2/alerts/checkout%2Fheap-high/close");
    assertThat(r.query()).isEqualTo("identifierType=alias");
    assertThat(r.header("Authorization")).isEqualTo("GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889");
    assertThat(r.json()).isEqualTo(JSON.readTree("""
        {"source": "ProcessGuard", "user": "ProcessGuard", "note": "checkout: heap-high cleared"}
        """));
  }

  @Test
  void priority_mapsEverySeverity() {
    assertThat(OpsgenieNotifier.priority(AlertSeverity.CRITICAL)).isEqualTo("P1");
    assertThat(OpsgenieNotifier.priority(AlertSeverity.ERROR)).isEqualTo("P2");
    assertThat(OpsgenieNotifier.priority(AlertSeverity.WARNING)).isEqualTo("P3");
    assertThat(OpsgenieNotifier.priority(AlertSeverity.INFO)).isEqualTo("P5");
  }

  @Test
  void deliver_longSummary_truncatesMessageTo130Characters() throws Exception {
    opsgenie().deliver(Fixtures.checkoutHeap().toBuilder().summary("y".repeat(200)).build());

    assertThat(server.requests().get(0).json().get("message").asString()).hasSize(130);
  }
}
