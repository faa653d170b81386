package io.processguard.alert;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Posts JSON to a channel's service and turns every failure into a {@link NotifierException}: 2xx
 * is success; 408, 429 and 5xx are retryable (with {@code Retry-After} when given, in seconds or
 * as an HTTP date); other statuses are final; time-outs and connection failures are retryable.
 * Messages name the channel and the service's origin only, never the path (a Slack webhook's path
 * is its secret). Thread-safe.
 */
final class HttpSender {
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final String channel;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;
  private final String userAgent;

  HttpSender(String channel, HttpClient client, Duration requestTimeout, Clock clock,
      String userAgent) {
    this.channel = channel;
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.userAgent = userAgent;
  }

  /** Posts the body; returns the response body on 2xx. */
  String post(URI uri, String contentType, byte[] body, Map<String, String> headers)
      throws NotifierException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Content-Type", contentType).header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw failure(-1, true, channel + ": no response from " + origin(uri) + " within "
          + Texts.duration(requestTimeout), e);
    } catch (ConnectException e) {
      throw failure(-1, true, channel + ": cannot connect to " + origin(uri) + ": " + e, e);
    } catch (IOException e) {
      throw failure(-1, true, channel + ": I/O failure with " + origin(uri) + ": " + e, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
        .flatMap(this::parseRetryAfter);
    throw new NotifierException(channel, status, retryable, retryAfter, channel + ": HTTP "
        + status + " from " + origin(uri) + ": " + Texts.truncate(response.body().strip(),
            MAX_BODY_IN_MESSAGE), null);
  }

  private NotifierException failure(int status, boolean retryable, String message,
      Exception cause) {
    return new NotifierException(channel, status, retryable, Optional.empty(), message, cause);
  }

  Optional<Duration> parseRetryAfter(String value) {
    String v = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
