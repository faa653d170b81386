package io.processguard.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.processguard.ProcessGuard;
import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditLog;
import io.processguard.chaos.Chaos;
import io.processguard.chaos.ChaosConfig;
import io.processguard.chaos.Drill;
import io.processguard.chaos.DrillClock;
import io.processguard.chaos.DrillRunner;
import io.processguard.chaos.Fault;
import io.processguard.chaos.FaultyProbe;
import io.processguard.chaos.SteadyState;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
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

/**
 * Drills run from the endpoint over real HTTP with Spring Security: the application defines the
 * drills, an operator starts one, it runs on the drill thread (driving the guard's virtual time),
 * its report is served as JSON and HTML, and its start and end are audited and counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = DrillHttpTest.App.class)
@ActiveProfiles("drills")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ProcessGuard guard;
  @Autowired ManualGuard manual;
  @Autowired AuditLog audit;
  @Autowired MeterRegistry registry;

  @Test
  @Order(1)
  void drills_viewer_seesTheRegisteredDrillsAndCannotStartOne() throws Exception {
    manual.run(guard, Duration.ofSeconds(30));

    HttpResponse<String> view = get("/actuator/processguard/drills", "viewer");

    assertThat(view.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(view.body());
    assertThat(json.at("/registered/0/name").asString()).isEqualTo("checkout-slow");
    assertThat(json.at("/registered/0/target").asString()).isEqualTo("checkout");
    assertThat(json.at("/registered/0/fault").asString()).isEqualTo("probe 'latency' reports latency.p99.ms=900");
    assertThat(json.at("/registered/1/name").asString()).isEqualTo("reports-down");
    assertThat(json.at("/recent").size()).isZero();
    assertThat(JSON.readTree(get("/actuator/processguard", "viewer").body()).at("/sections").toString())
        .contains("\"drills\"");
    assertThat(post("/actuator/processguard/drills/checkout-slow", "viewer").statusCode()).isEqualTo(403);
    assertThat(get("/actuator/processguard/drills/checkout-slow", "viewer").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void startDrill_operator_answers202RunsInTheBackgroundAndServesTheReport() throws Exception {
    HttpResponse<String> started = post("/actuator/processguard/drills/checkout-slow", "operator");

    assertThat(started.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(started.body());
    assertThat(body.at("/operator").asString()).isEqualTo("operator");
    assertThat(body.at("/location").asString()).isEqualTo("/actuator/processguard/drills/checkout-slow");
    assertThat(body.at("/html").asString()).isEqualTo("/actuator/processguard/drills/checkout-slow/html");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> get("/actuator/processguard/drills/checkout-slow", "viewer").statusCode() == 200);
    JsonNode report = JSON.readTree(get("/actuator/processguard/drills/checkout-slow", "viewer").body());
    assertThat(report.at("/outcome").asString()).isEqualTo("PASSED");
    assertThat(report.at("/requestedBy").asString()).isEqualTo("operator");
    assertThat(report.at("/measures/timeToRecover").asString()).isEqualTo("PT5S");
    assertThat(report.at("/measures/metRto").asBoolean()).isTrue();
    JsonNode recent = JSON.readTree(get("/actuator/processguard/drills", "viewer").body()).at("/recent/0");
    assertThat(recent.at("/outcome").asString()).isEqualTo("PASSED");
    assertThat(recent.at("/measures/timeToRecover").asString()).isEqualTo("PT5S");
    HttpResponse<String> html = get("/actuator/processguard/drills/checkout-slow/html", "viewer");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("checkout-slow");
    assertThat(manual.restarts.get()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void startDrill_finished_isAuditedWithTheOperatorAndCounted() {
    List<String> drills = audit.entries().stream().map(AuditEntry::record)
        .filter(r -> r.action().startsWith("drill."))
        .map(r -> r.actor() + " " + r.action() + " " + r.target() + " " + r.outcome()).toList();

    assertThat(drills).containsExactly("operator drill.started checkout started",
        "operator drill.finished checkout passed");
    assertThat(audit.verify().isIntact()).isTrue();
    assertThat(registry.get("processguard.drills").tags("target", "checkout", "event", "started").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("processguard.drills").tags("target", "checkout", "event", "passed").counter().count())
        .isEqualTo(1);
  }

  @Test
  @Order(4)
  void startDrill_unknownOrNotAllowed_is404Or409WithTheMessage() throws Exception {
    HttpResponse<String> unknown = post("/actuator/processguard/drills/nope", "operator");
    HttpResponse<String> refused = post("/actuator/processguard/drills/reports-down", "operator");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).at("/message").asString()).isEqualTo("no drill named 'nope'");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(refused.body()).at("/message").asString()).startsWith(
        "drills are not allowed on target 'reports' (allowed: [checkout])");
    assertThat(audit.entries().stream().filter(e -> e.record().action().startsWith("drill."))).hasSize(2);
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    return HTTP.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String user) throws Exception {
    return HTTP.send(request(path, user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String user) {
    String basic = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Basic " + basic);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ManualGuard.class)
  static class App {
    private final Chaos chaos = Chaos.create(ChaosConfig.builder().allowDrills("checkout").build());

    @Bean(destroyMethod = "close")
    Chaos chaos() {
      return chaos;
    }

    @Bean
    FaultyProbe latencyProbe() {
      return chaos.probe("latency", () -> Sample.of("latency.p99.ms", 80));
    }

    @Bean
    AuditLog auditLog() {
      return AuditLog.inMemory(Clock.systemUTC());
    }

    /** The application's drills, on the guard's virtual time: the drill thread drives the guard. */
    @Bean
    DrillRunner drillRunner(ProcessGuard guard, ManualGuard manual, Probe queueProbe) {
      Drill slow = Drill.builder("checkout-slow", "checkout")
          .fault(Fault.probeValue("latency", "latency.p99.ms", 900))
          .releaseOnRecoveryAction()
          .hypothesis(SteadyState.healthy("checkout"))
          .pollEvery(Duration.ofSeconds(5))
          .maxDuration(Duration.ofMinutes(2))
          .build();
      Drill reports = Drill.builder("reports-down", "reports").fault(Fault.probeFailure("latency")).build();
      return DrillRunner.builder(guard, chaos)
          .clock(DrillClock.driven(manual.clock(), d -> manual.run(guard, d)))
          .drill(slow, reports)
          .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("viewer").password("{noop}secret").roles("PROCESSGUARD_VIEWER").build(),
          User.withUsername("operator").password("{noop}secret").roles("PROCESSGUARD_OPERATOR").build());
    }
  }
}
