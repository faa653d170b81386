package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A channel to PagerDuty's Events API v2: {@code TRIGGER} and {@code REMINDER} post a {@code
 * trigger} event (PagerDuty de-duplicates on {@code dedup_key}, so a reminder updates the alert
 * rather than opening another), {@code RESOLVE} posts a {@code resolve} event, and {@code INFO}
 * posts a change event ({@code /v2/change/enqueue}), which never pages.
 *
 * <p>Mapping: {@code dedup_key} = the notification's dedup key; {@code payload.severity} =
 * critical, error, warning or info; {@code component} = target; {@code group} = tier; {@code
 * class} = the signal names; {@code custom_details} = tier, RTO, signals, thresholds, actions,
 * remediation, incident id, tags, detail; {@code links} = the runbook.
 *
 * <p>Thread-safe. 400 (invalid event) is final; 429 and 5xx are retried.
 */
public final class PagerDutyNotifier implements Notifier {
  /** PagerDuty's default (US) events endpoint. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://events.pagerduty.com");
  /** PagerDuty's EU-region events endpoint. */
  public static final URI EU_BASE_URL = URI.create("https://events.eu.pagerduty.com");
  /** Default {@code payload.source}: {@value}. */
  public static final String DEFAULT_SOURCE = "processguard";

  private static final int SUMMARY_MAX = 1024;

  private final String routingKey;
  private final URI enqueue;
  private final URI changeEnqueue;
  private final String source;
  private final HttpSender sender;
  private final JsonMapper mapper = JsonMapper.builder().build();

  private PagerDutyNotifier(Builder b) {
    this.routingKey = b.routingKey;
    String base = b.baseUrl.toString().replaceAll("/+$", "");
    this.enqueue = URI.create(base + "/v2/enqueue");
    this.changeEnqueue = URI.create(base + "/v2/change/enqueue");
    this.source = b.source;
    this.sender = b.sender();
  }

  /** Starts a builder for the integration (routing) key of an Events API v2 integration. */
  public static Builder builder(String routingKey) {
    return new Builder(routingKey);
  }

  @Override
  public void deliver(Notification n) throws NotifierException, InterruptedException {
    URI uri = n.kind() == Notification.Kind.INFO ? changeEnqueue : enqueue;
    sender.post(uri, "application/json", mapper.writeValueAsBytes(event(n)), Map.of());
  }

  /** Returns the JSON body posted for a notification. */
  public ObjectNode event(Notification n) {
    return n.kind() == Notification.Kind.INFO ? change(n) : alert(n);
  }

  private ObjectNode alert(Notification n) {
    ObjectNode root = mapper.createObjectNode().put("routing_key", routingKey);
    boolean resolve = n.kind() == Notification.Kind.RESOLVE;
    root.put("event_action", resolve ? "resolve" : "trigger").put("dedup_key", n.dedupKey());
    if (resolve) {
      return root;
    }
    root.put("client", "ProcessGuard");
    ObjectNode payload = root.putObject("payload")
        .put("summary", Texts.truncate(n.summary(), SUMMARY_MAX)).put("source", source)
        .put("severity", severity(n.severity())).put("timestamp", Texts.iso(n.timestamp()))
        .put("component", n.target());
    if (!n.tier().isEmpty()) {
      payload.put("group", n.tier());
    }
    if (!n.signals().isEmpty()) {
      payload.put("class", String.join(",", new TreeSet<>(n.signals().keySet())));
    }
    payload.set("custom_details", details(n));
    links(root, n);
    return root;
  }

  private ObjectNode change(Notification n) {
    ObjectNode root = mapper.createObjectNode().put("routing_key", routingKey);
    ObjectNode payload = root.putObject("payload")
        .put("summary", Texts.truncate(n.summary(), SUMMARY_MAX)).put("source", source)
        .put("timestamp", Texts.iso(n.timestamp()));
    payload.set("custom_details", details(n));
    links(root, n);
    return root;
  }

  private ObjectNode details(Notification n) {
    ObjectNode d = mapper.createObjectNode().put("target", n.target());
    putIfNotEmpty(d, "tier", n.tier());
    if (!n.rto().isZero()) {
      d.put("rto", Texts.duration(n.rto()));
    }
    if (!n.signals().isEmpty()) {
      ObjectNode s = d.putObject("signals");
      new TreeMap<>(n.signals()).forEach(s::put);
    }
    if (!n.thresholds().isEmpty()) {
      ObjectNode t = d.putObject("thresholds");
      new TreeMap<>(n.thresholds()).forEach(t::put);
    }
    if (!n.actions().isEmpty()) {
      n.actions().forEach(d.putArray("actions")::add);
    }
    putIfNotEmpty(d, "remediation", n.remediation());
    putIfNotEmpty(d, "incident_id", n.incidentId());
    putIfNotEmpty(d, "detail", n.detail());
    if (!n.tags().isEmpty()) {
      ObjectNode t = d.putObject("tags");
      new TreeMap<>(n.tags()).forEach(t::put);
    }
    return d;
  }

  private static void links(ObjectNode root, Notification n) {
    n.runbook().ifPresent(url -> root.putArray("links").addObject()
        .put("href", url.toString()).put("text", "Runbook"));
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Maps a ProcessGuard severity to PagerDuty's: critical, error, warning, info. */
  static String severity(AlertSeverity s) {
    return Texts.lower(s);
  }

  /** A builder of {@link PagerDutyNotifier}; see {@link HttpNotifierBuilder} for shared settings. */
  public static final class Builder extends HttpNotifierBuilder<Builder> {
    private final String routingKey;
    private URI baseUrl = DEFAULT_BASE_URL;
    private String source = DEFAULT_SOURCE;

    private Builder(String routingKey) {
      super("pagerduty");
      if (routingKey == null || routingKey.isBlank()) {
        throw new IllegalArgumentException("routingKey must not be blank");
      }
      this.routingKey = routingKey;
    }

    /** Sets the events endpoint, such as {@link #EU_BASE_URL}; default {@link #DEFAULT_BASE_URL}. */
    public Builder baseUrl(URI value) {
      this.baseUrl = absolute(value, "baseUrl");
      return this;
    }

    /** Sets {@code payload.source}, such as the host or service name; default {@value
     * #DEFAULT_SOURCE}. */
    public Builder source(String value) {
      this.source = nonBlank(value, "source");
      return this;
    }

    /** Builds the notifier. */
    public PagerDutyNotifier build() {
      return new PagerDutyNotifier(this);
    }
  }
}
