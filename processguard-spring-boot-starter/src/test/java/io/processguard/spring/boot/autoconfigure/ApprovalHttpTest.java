package io.processguard.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.approval.ApprovalEvent;
import io.processguard.approval.ApprovalRequest;
import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditLog;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.recovery.Failover;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** Approvals and the audit view on the endpoint, over real HTTP with Spring Security. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ApprovalHttpTest.App.class)
@ActiveProfiles("approvals")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ProcessGuard guard;
  @Autowired ManualGuard manual;
  @Autowired App app;
  @Autowired AuditLog audit;

  @Test
  @Order(1)
  void approvals_primaryDown_viewerReadsThePendingFailoverRequest() throws Exception {
    manual.depth.set(5000.0);
    manual.run(guard, Duration.ofSeconds(10));

    HttpResponse<String> approvals = get("/actuator/processguard/approvals", "viewer");

    assertThat(approvals.statusCode()).isEqualTo(200);
    JsonNode pending = JSON.readTree(approvals.body()).at("/pending");
    assertThat(pending.size()).isEqualTo(1);
    assertThat(pending.at("/0/target").asString()).isEqualTo("db");
    assertThat(pending.at("/0/actions/0").asString()).isEqualTo("failover(dbFailover)");
    assertThat(pending.at("/0/requester").asString()).isEqualTo("processguard");
    assertThat(pending.at("/0/status").asString()).isEqualTo("PENDING");
    assertThat(get("/actuator/processguard/approvals/" + id(), "viewer").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/processguard/approvals/nope", "viewer").statusCode()).isEqualTo(404);
    assertThat(post("/actuator/processguard/approvals/" + id() + "/approve", "viewer", "{\"reason\":\"go\"}")
        .statusCode()).isEqualTo(403);
  }

  @Test
  @Order(2)
  void approve_automatedIdentities_areRefusedWith403AndTheRefusalIsPublished() throws Exception {
    HttpResponse<String> self = post("/actuator/processguard/approvals/" + id() + "/approve", "processguard",
        "{\"reason\":\"self\"}");
    HttpResponse<String> bot = post("/actuator/processguard/approvals/" + id() + "/approve", "ci-bot",
        "{\"reason\":\"pipeline\"}");

    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(self.body()).at("/message").asString()).isEqualTo("request '" + id()
        + "' not decided: 'processguard' is an automated identity and cannot approve (four-eyes)");
    assertThat(bot.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(bot.body()).at("/message").asString()).isEqualTo("request '" + id()
        + "' not decided: 'ci-bot' is an automated identity and cannot approve (four-eyes)");
    assertThat(app.events).filteredOn(ApprovalEvent.Refused.class::isInstance)
        .extracting(e -> ((ApprovalEvent.Refused) e).operator()).containsExactly("processguard", "ci-bot");
    assertThat(app.failovers).isEmpty();
    assertThat(post("/actuator/processguard/approvals/nope/approve", "operator", "{\"reason\":\"go\"}").statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(3)
  void approve_operator_runsTheFailoverRecordsTheIdentityAndAuditsEveryWrite() throws Exception {
    String id = id();
    HttpResponse<String> approved = post("/actuator/processguard/approvals/" + id + "/approve", "operator",
        "{\"reason\":\"replica is caught up\"}");

    assertThat(approved.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(approved.body());
    assertThat(body.at("/status").asString()).isEqualTo("APPROVED");
    assertThat(body.at("/decidedBy").asString()).isEqualTo("operator");
    assertThat(body.at("/decisionReason").asString()).isEqualTo("replica is caught up");
    assertThat(app.failovers).containsExactly("fence db-1", "promote db-2");
    HttpResponse<String> again = post("/actuator/processguard/approvals/" + id + "/deny", "operator",
        "{\"reason\":\"late\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).at("/message").asString())
        .isEqualTo("request '" + id + "' is already APPROVED");

    List<String> written = audit.entries().stream().map(AuditEntry::record)
        .map(r -> r.actor() + " " + r.action() + " " + r.outcome()).toList();
    assertThat(written).contains("processguard approval.refused refused", "ci-bot approval.refused refused",
        "operator approval.approved approved", "operator approval.refused refused");

    JsonNode view = JSON.readTree(get("/actuator/processguard/audit", "viewer").body());
    assertThat(view.at("/intact").asBoolean()).isTrue();
    assertThat(view.at("/lastSequence").asLong()).isEqualTo(audit.lastSequence());
    assertThat(view.at("/entries").asLong()).isEqualTo(audit.lastSequence());
  }

  private String id() {
    return guard.approvals().stream().map(ApprovalRequest::id).findFirst().orElseThrow();
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    return HTTP.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String user, String json) throws Exception {
    return HTTP.send(request(path, user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String user) {
    String basic = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Basic " + basic);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ManualGuard.class)
  static class App {
    final List<GuardEvent> events = new CopyOnWriteArrayList<>();
    final List<String> failovers = new CopyOnWriteArrayList<>();

    @Bean
    GuardEventListener recorder() {
      return events::add;
    }

    @Bean
    AuditLog auditLog() {
      return AuditLog.inMemory(Clock.systemUTC());
    }

    @Bean
    Failover dbFailover() {
      return new Failover() {
        @Override
        public String primary() {
          return "db-1";
        }

        @Override
        public Candidate candidate() {
          return new Candidate("db-2", true, "caught up", Optional.empty());
        }

        @Override
        public void fence(String node) {
          failovers.add("fence " + node);
        }

        @Override
        public void promote(String node) {
          failovers.add("promote " + node);
        }
      };
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("viewer").password("{noop}secret").roles("PROCESSGUARD_VIEWER").build(),
          User.withUsername("operator").password("{noop}secret").roles("PROCESSGUARD_OPERATOR").build(),
          User.withUsername("processguard").password("{noop}secret").roles("PROCESSGUARD_OPERATOR").build(),
          User.withUsername("ci-bot").password("{noop}secret").roles("PROCESSGUARD_OPERATOR").build());
    }
  }
}
