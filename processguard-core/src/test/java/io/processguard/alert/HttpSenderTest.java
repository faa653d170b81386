package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpSenderTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
      ZoneOffset.UTC);
  private final LoopbackServer server = newServer();
  private final HttpSender sender = new HttpSender("test", HttpClient.newHttpClient(),
      Duration.ofMillis(300), CLOCK, "ProcessGuard");

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

  private void post(URI uri) throws Exception {
    sender.post(uri, "application/json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("X-Extra", "1"));
  }

  @Test
  void post_2xx_returnsBodyAndSendsHeaders() throws Exception {
    server.respond(202, "{\"status\":\"success\"}");

    String body = sender.post(server.uri("/x"), "application/json", new byte[] {'{', '}'},
        Map.of("X-Extra", "1"));

    assertThat(body).isEqualTo("{\"status\":\"success\"}");
    assertThat(server.requests().get(0).header("X-extra")).isEqualTo("1");
  }

  @Test
  void post_500_failsRetryably() {
    server.respond(500, "boom");

    assertThatThrownBy(() -> post(server.uri("/x")))
        .isInstanceOfSatisfying(NotifierException.class, e -> {
          assertThat(e.status()).hasValue(500);
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void post_408And404_areRetryableAndFinalRespectively() {
    server.respond(408, "").respond(404, "channel_not_found");

    assertThatThrownBy(() -> post(server.uri("/x")))
        .isInstanceOfSatisfying(NotifierException.class, e -> assertThat(e.retryable()).isTrue());
    assertThatThrownBy(() -> post(server.uri("/x")))
        .isInstanceOfSatisfying(NotifierException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void post_serverNeverAnswers_timesOutRetryablyWithoutStatus() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/secret-path");

      assertThatThrownBy(() -> post(uri))
          .isInstanceOfSatisfying(NotifierException.class, e -> {
            assertThat(e.status()).isEmpty();
            assertThat(e.retryable()).isTrue();
          })
          .hasMessage("test: no response from http://127.0.0.1:" + silent.getLocalPort()
              + " within 300ms");
    }
  }

  @Test
  void post_closedPort_failsRetryablyAsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/x");

    assertThatThrownBy(() -> post(uri))
        .isInstanceOfSatisfying(NotifierException.class, e -> {
          assertThat(e.status()).isEmpty();
          assertThat(e.retryable()).isTrue();
        })
        .hasMessageStartingWith("test: cannot connect to http://127.0.0.1:" + port);
  }

  @Test
  void parseRetryAfter_secondsOrHttpDate_becomeAWait() {
    assertThat(sender.parseRetryAfter("120")).contains(Duration.ofMinutes(2));
    assertThat(sender.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT"))
        .contains(Duration.ofSeconds(30));
    assertThat(sender.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT")).contains(Duration.ZERO);
    assertThat(sender.parseRetryAfter("soon")).isEmpty();
  }
}
