package io.processguard.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.recovery.RecoveryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The starter in a real servlet application, over real HTTP: health, endpoint, security, readiness. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ProcessGuardHttpTest.App.class)
@ActiveProfiles("http")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessGuardHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ProcessGuard guard;
  @Autowired ManualGuard manual;
  @Autowired App app;

  @Test
  @Order(1)
  void health_lowTierTargetFailing_keepsTheInstanceUpWithTheTargetInDetails() throws Exception {
    manual.run(guard, Duration.ofSeconds(5));
    app.lag.set(600.0);
    manual.run(guard, Duration.ofSeconds(5));

    HttpResponse<String> health = get("/actuator/health", null);

    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(health.body());
    assertThat(json.at("/status").asString()).isEqualTo("UP");
    assertThat(json.at("/components/processguard/components/reports/status").asString()).isEqualTo("UP");
    assertThat(json.at("/components/processguard/components/reports/details/state").asString()).isEqualTo("FAILING");
    assertThat(json.at("/components/processguard/components/reports/details/reason").asString())
        .isEqualTo("stalled: reports.lag=600 > 60 for 1 sample");
    assertThat(json.at("/components/processguard/components/checkout/status").asString()).isEqualTo("UP");
  }

  @Test
  @Order(2)
  void endpoint_unauthenticated_is401AndViewerReadsTheInventory() throws Exception {
    assertThat(get("/actuator/processguard", null).statusCode()).isEqualTo(401);

    HttpResponse<String> overview = get("/actuator/processguard", "viewer");

    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("\"name\":\"checkout\"", "\"state\":\"HEALTHY\"", "\"name\":\"reports\"",
        "\"state\":\"FAILING\"", "\"policies\":[{\"name\":\"checkout\",\"target\":\"checkout\",\"mode\":\"enforce\"");
    assertThat(get("/actuator/processguard/events", "viewer").body()).contains("\"type\":\"condition.breached\"");
    assertThat(get("/actuator/processguard/nothing", "viewer").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void markUnready_criticalBreach_flipsReadinessAndTakesTheInstanceDown() throws Exception {
    manual.depth.set(5000.0);
    manual.run(guard, Duration.ofSeconds(10));

    HttpResponse<String> readiness = get("/actuator/health/readiness", null);
    assertThat(readiness.statusCode()).isEqualTo(503);
    JsonNode json = JSON.readTree(readiness.body());
    assertThat(json.at("/components/readinessState/status").asString()).isEqualTo("OUT_OF_SERVICE");
    assertThat(json.at("/components/processguard/components/checkout/status").asString()).isEqualTo("DEGRADED");
    assertThat(json.at("/components/processguard/components/checkout/details/state").asString()).isEqualTo("RECOVERING");
    assertThat(json.at("/components/processguard/components/checkout/details/ready").asBoolean()).isFalse();
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(503);
    assertThat(get("/actuator/processguard/incidents/checkout", "viewer").body())
        .contains("\"condition\":\"backlog\"", "\"status\":\"OPEN\"");
  }

  @Test
  @Order(4)
  void write_viewerIsForbiddenAndOperatorResetsTheQuarantineWithIdentityRecorded() throws Exception {
    manual.run(guard, Duration.ofSeconds(70));
    assertThat(guard.quarantined()).containsExactly("checkout");
    assertThat(JSON.readTree(get("/actuator/health", null).body())
        .at("/components/processguard/components/checkout/status").asString()).isEqualTo("DOWN");

    assertThat(post("/actuator/processguard/quarantine/checkout", "viewer", "{\"reason\":\"fixed\"}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> reset = post("/actuator/processguard/quarantine/checkout", "operator",
        "{\"reason\":\"queue drained by hand\"}");

    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(reset.body()).isEqualTo(
        "{\"target\":\"checkout\",\"reset\":true,\"operator\":\"operator\",\"reason\":\"queue drained by hand\"}");
    assertThat(app.events).filteredOn(RecoveryEvent.QuarantineReset.class::isInstance)
        .singleElement().satisfies(e -> {
          RecoveryEvent.QuarantineReset r = (RecoveryEvent.QuarantineReset) e;
          assertThat(r.operator()).isEqualTo("operator");
          assertThat(r.reason()).isEqualTo("queue drained by hand");
        });
    assertThat(post("/actuator/processguard/quarantine/checkout", "operator", "{\"reason\":\"again\"}").statusCode())
        .isEqualTo(409);
  }

  @Test
  @Order(5)
  void recovery_targetClears_readinessAcceptsTrafficAgain() throws Exception {
    manual.depth.set(10.0);
    manual.run(guard, Duration.ofSeconds(5));

    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    return HTTP.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String user, String json) throws Exception {
    return HTTP.send(request(path, user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (user != null) {
      String basic = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
      b.header("Authorization", "Basic " + basic);
    }
    return b;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ManualGuard.class)
  static class App {
    final AtomicReference<Double> lag = new AtomicReference<>(1.0);
    final List<GuardEvent> events = new CopyOnWriteArrayList<>();

    @Bean
    Probe reportsProbe() {
      return () -> Sample.of("reports.lag", lag.get());
    }

    @Bean
    GuardEventListener recorder() {
      return events::add;
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("viewer").password("{noop}secret").roles("PROCESSGUARD_VIEWER").build(),
          User.withUsername("operator").password("{noop}secret").roles("PROCESSGUARD_OPERATOR").build());
    }
  }
}
