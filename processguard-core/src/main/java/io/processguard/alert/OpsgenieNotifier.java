package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A channel to the Opsgenie Alert API v2 (Jira Service Management's ops API takes the same
 * bodies): {@code TRIGGER}, {@code REMINDER} and {@code INFO} create an alert ({@code POST
 * /v2/alerts}, de-duplicated by Opsgenie on {@code alias} = dedup key); {@code RESOLVE} closes it
 * ({@code POST /v2/alerts/{alias}/close?identifierType=alias}). Authenticates with {@code
 * Authorization: GenieKey <key>}.
 *
 * <p>Priority: CRITICAL P1, ERROR P2, WARNING P3, INFO P5. {@code message} is the summary (130
 * characters at most), {@code entity} the target, {@code details} flat text pairs ({@code tier},
 * {@code rto}, {@code signal.<name>}, {@code action.<n>}, {@code tag.<key>}...), {@code tags}
 * {@code processguard}, {@code severity:<s>} and {@code <key>:<value>} per target tag.
 *
 * <p>Thread-safe. 429 and 5xx are retried; other 4xx are final.
 */
public final class OpsgenieNotifier implements Notifier {
  /** Opsgenie's default (US) API endpoint. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.opsgenie.com");
  /** Opsgenie's EU API endpoint. */
  public static final URI EU_BASE_URL = URI.create("https://api.eu.opsgenie.com");
  /** Default {@code source}: {@value}. */
  public static final String DEFAULT_SOURCE = "ProcessGuard";

  private static final int MESSAGE_MAX = 130;
  private static final int ALIAS_MAX = 512;
  private static final int DESCRIPTION_MAX = 15_000;
  private static final int TAG_MAX = 50;
  private static final int TAGS_MAX = 20;

  private final String authorization;
  private final String base;
  private final String source;
  private final HttpSender sender;
  private final JsonMapper mapper = JsonMapper.builder().build();

  private OpsgenieNotifier(Builder b) {
    this.authorization = "GenieKey " + b.apiKey;
    this.base = b.baseUrl.toString().replaceAll("/+$", "");
    this.source = b.source;
    this.sender = b.sender();
  }

  /** Starts a builder for an API integration key. */
  public static Builder builder(String apiKey) {
    return new Builder(apiKey);
  }

  @Override
  public void deliver(Notification n) throws NotifierException, InterruptedException {
    sender.post(uri(n), "application/json", mapper.writeValueAsBytes(body(n)),
        Map.of("Authorization", authorization));
  }

  /** Returns where a notification is posted. */
  public URI uri(Notification n) {
    if (n.kind() != Notification.Kind.RESOLVE) {
      return URI.create(base + "/v2/alerts");
    }
    String alias = URLEncoder.encode(alias(n), StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(base + "/v2/alerts/" + alias + "/close?identifierType=alias");
  }

  /** Returns the JSON body posted for a notification. */
  public ObjectNode body(Notification n) {
    if (n.kind() == Notification.Kind.RESOLVE) {
      return mapper.createObjectNode().put("source", source).put("user", source)
          .put("note", n.summary());
    }
    ObjectNode root = mapper.createObjectNode()
        .put("message", Texts.truncate(n.summary(), MESSAGE_MAX))
        .put("alias", alias(n))
        .put("description", Texts.truncate(description(n), DESCRIPTION_MAX))
        .put("priority", priority(n.severity()))
        .put("entity", n.target())
        .put("source", source);
    ArrayNode tags = root.putArray("tags");
    tags(n).forEach(tags::add);
    ObjectNode details = root.putObject("details");
    details(n).forEach(details::put);
    return root;
  }

  /** Maps a ProcessGuard severity to an Opsgenie priority. */
  static String priority(AlertSeverity s) {
    return switch (s) {
      case CRITICAL -> "P1";
      case ERROR -> "P2";
      case WARNING -> "P3";
      case INFO -> "P5";
    };
  }

  private static String alias(Notification n) {
    return Texts.truncate(n.dedupKey(), ALIAS_MAX);
  }

  private static String description(Notification n) {
    StringBuilder sb = new StringBuilder(n.summary());
    if (!n.detail().isEmpty()) {
      sb.append("\n\n").append(n.detail());
    }
    if (!n.signals().isEmpty()) {
      sb.append("\n\nSignals:\n").append(Texts.signals(n, "- "));
    }
    if (!n.actions().isEmpty()) {
      sb.append("\n\nActions taken:");
      n.actions().forEach(a -> sb.append("\n- ").append(a));
    }
    if (!n.remediation().isEmpty()) {
      sb.append("\n\nRemediation: ").append(n.remediation());
    }
    n.runbook().ifPresent(u -> sb.append("\n\nRunbook: ").append(u));
    return sb.toString();
  }

  private static List<String> tags(Notification n) {
    List<String> tags = new java.util.ArrayList<>();
    tags.add("processguard");
    tags.add("severity:" + Texts.lower(n.severity()));
    new TreeMap<>(n.tags()).forEach((k, v) -> {
      if (tags.size() < TAGS_MAX) {
        tags.add(Texts.truncate(k + ":" + v, TAG_MAX));
      }
    });
    return tags;
  }

  private static Map<String, String> details(Notification n) {
    Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("target", n.target());
    putIfNotEmpty(d, "tier", n.tier());
    if (!n.rto().isZero()) {
      d.put("rto", Texts.duration(n.rto()));
    }
    new TreeMap<>(n.signals()).forEach((k, v) -> {
      String t = n.thresholds().get(k);
      d.put("signal." + k, Texts.number(v) + (t == null ? "" : " (threshold " + t + ")"));
    });
    for (int i = 0; i < n.actions().size(); i++) {
      d.put("action." + (i + 1), n.actions().get(i));
    }
    putIfNotEmpty(d, "remediation", n.remediation());
    putIfNotEmpty(d, "incident_id", n.incidentId());
    n.runbook().ifPresent(u -> d.put("runbook", u.toString()));
    d.put("kind", n.kind().name());
    new TreeMap<>(n.tags()).forEach((k, v) -> d.put("tag." + k, v));
    return d;
  }

  private static void putIfNotEmpty(Map<String, String> m, String key, String value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  /** A builder of {@link OpsgenieNotifier}; see {@link HttpNotifierBuilder} for shared settings. */
  public static final class Builder extends HttpNotifierBuilder<Builder> {
    private final String apiKey;
    private URI baseUrl = DEFAULT_BASE_URL;
    private String source = DEFAULT_SOURCE;

    private Builder(String apiKey) {
      super("opsgenie");
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      this.apiKey = apiKey;
    }

    /** Sets the API endpoint, such as {@link #EU_BASE_URL}; default {@link #DEFAULT_BASE_URL}. */
    public Builder baseUrl(URI value) {
      this.baseUrl = absolute(value, "baseUrl");
      return this;
    }

    /** Sets the alert's {@code source}; default {@value #DEFAULT_SOURCE}. */
    public Builder source(String value) {
      this.source = nonBlank(value, "source");
      return this;
    }

    /** Builds the notifier. */
    public OpsgenieNotifier build() {
      return new OpsgenieNotifier(this);
    }
  }
}
