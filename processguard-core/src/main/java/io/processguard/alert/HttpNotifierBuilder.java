package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings every HTTP channel shares: its name in messages, time-outs, the {@link HttpClient}
 * and the clock. A mutable, single-thread builder; each setter checks its argument.
 *
 * @param <B> the concrete builder
 */
public abstract class HttpNotifierBuilder<B extends HttpNotifierBuilder<B>> {
  /** Default time to open a connection: 5 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default time to wait for a response: 10 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private String name;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private Optional<HttpClient> httpClient = Optional.empty();
  private Clock clock = Clock.systemUTC();

  HttpNotifierBuilder(String defaultName) {
    this.name = defaultName;
  }

  /** Sets the name used in exceptions and logs; default the service's name. */
  public B name(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, got '" + value + "'");
    }
    this.name = value;
    return self();
  }

  /** Sets the time to open a connection (ignored when an HttpClient is given); default 5 s. */
  public B connectTimeout(Duration value) {
    this.connectTimeout = positive("connectTimeout", value);
    return self();
  }

  /** Sets the time to wait for the response of one request; default 10 s. */
  public B requestTimeout(Duration value) {
    this.requestTimeout = positive("requestTimeout", value);
    return self();
  }

  /** Uses this client instead of one of the notifier's own. */
  public B httpClient(HttpClient value) {
    this.httpClient = Optional.of(requireNonNull(value, "httpClient"));
    return self();
  }

  /** Sets the clock for timestamps and {@code Retry-After} dates; default UTC system clock. */
  public B clock(Clock value) {
    this.clock = requireNonNull(value, "clock");
    return self();
  }

  String name() {
    return name;
  }

  Clock clock() {
    return clock;
  }

  HttpSender sender() {
    HttpClient client = httpClient.orElseGet(() -> HttpClient.newBuilder()
        .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build());
    return new HttpSender(name, client, requestTimeout, clock, "ProcessGuard");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  static Duration positive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  /** Checks a base URL for a notifier's API: absolute, with a host. */
  static java.net.URI absolute(java.net.URI value, String field) {
    java.util.Objects.requireNonNull(value, field);
    if (value.getScheme() == null || value.getHost() == null) {
      throw new IllegalArgumentException(field + " must be an absolute URL, got " + value);
    }
    return value;
  }

  /** Checks a text setting: not null, not blank. */
  static String nonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
    }
    return value;
  }
}
