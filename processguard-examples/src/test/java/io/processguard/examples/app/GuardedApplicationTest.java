package io.processguard.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The example application over real HTTP, with the same application-guarded.yml that docs/spring-boot.md shows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(GuardedApplication.PROFILE)
class GuardedApplicationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Test
  void prometheus_afterTheFirstProbe_showsTheTargetHealthy() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(get("/actuator/prometheus").body()).contains(
            "processguard_target_state{state=\"healthy\",target=\"order-workers\",tier=\"critical\"} 1.0"));
  }

  @Test
  void health_showsTheTargetFromTheSnapshot() throws Exception {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(get("/actuator/health").body()).contains("\"order-workers\"", "\"state\":\"HEALTHY\""));
    HttpResponse<String> endpoint = get("/actuator/processguard");
    assertThat(endpoint.statusCode()).isEqualTo(200);
    assertThat(endpoint.body()).contains("\"name\":\"order-workers\"", "\"mode\":\"enforce\"");
  }

  @Test
  void write_withoutSpringSecurity_isRefusedWith403() throws Exception {
    HttpResponse<String> reset = HTTP.send(HttpRequest.newBuilder(uri("/actuator/processguard/quarantine/order-workers"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reset.statusCode()).isEqualTo(403);
    assertThat(reset.body()).contains("writes to the processguard endpoint are disabled");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
