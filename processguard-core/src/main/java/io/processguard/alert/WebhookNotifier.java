package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A channel to any HTTP endpoint: each notification is one CloudEvents 1.0 event in structured
 * JSON mode ({@code Content-Type: application/cloudevents+json}), signed the Standard Webhooks
 * way.
 *
 * <p>Event: {@code specversion} 1.0, {@code id} stable per notification (the same for every retry
 * and replay, so receivers can de-duplicate), {@code source} (default {@value #DEFAULT_SOURCE}),
 * {@code type} {@code io.processguard.alert.trigger|reminder|resolve|info}, {@code subject} the
 * target, {@code time} the notification's timestamp, {@code datacontenttype} {@code
 * application/json}, {@code data} every field of the notification.
 *
 * <p>Signature: headers {@code webhook-id} (= event id), {@code webhook-timestamp} (Unix seconds
 * of the attempt) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">}; without a secret, no signature header is sent.
 *
 * <p>Thread-safe. 408, 429 and 5xx are retried; other 4xx are final.
 */
public final class WebhookNotifier implements Notifier {
  /** Default CloudEvents {@code source}: {@value}. */
  public static final String DEFAULT_SOURCE = "/processguard";

  private final URI url;
  private final String source;
  private final byte @Nullable [] secret;
  private final HttpSender sender;
  private final java.time.Clock clock;
  private final JsonMapper mapper = JsonMapper.builder().build();

  private WebhookNotifier(Builder b) {
    this.url = b.url;
    this.source = b.source;
    this.secret = b.secret;
    this.sender = b.sender();
    this.clock = b.clock();
  }

  /** Starts a builder posting to this URL. */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public void deliver(Notification n) throws NotifierException, InterruptedException {
    byte[] body = mapper.writeValueAsBytes(event(n));
    String id = Texts.messageId(n);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", timestamp);
    if (secret != null) {
      headers.put("webhook-signature", "v1," + sign(secret, id, timestamp, body));
    }
    sender.post(url, "application/cloudevents+json; charset=utf-8", body, headers);
  }

  /** Returns the CloudEvent posted for a notification. */
  public ObjectNode event(Notification n) {
    ObjectNode root = mapper.createObjectNode().put("specversion", "1.0")
        .put("id", Texts.messageId(n)).put("source", source)
        .put("type", "io.processguard.alert." + Texts.lower(n.kind()))
        .put("subject", n.target()).put("time", Texts.iso(n.timestamp()))
        .put("datacontenttype", "application/json");
    ObjectNode data = root.putObject("data").put("dedupKey", n.dedupKey())
        .put("kind", n.kind().name()).put("severity", n.severity().name())
        .put("target", n.target()).put("tier", n.tier()).put("rto", n.rto().toString())
        .put("summary", n.summary()).put("detail", n.detail());
    ObjectNode signals = data.putObject("signals");
    new TreeMap<>(n.signals()).forEach(signals::put);
    ObjectNode thresholds = data.putObject("thresholds");
    new TreeMap<>(n.thresholds()).forEach(thresholds::put);
    n.actions().forEach(data.putArray("actions")::add);
    if (n.runbook().isPresent()) {
      data.put("runbook", n.runbook().get().toString());
    } else {
      data.putNull("runbook");
    }
    data.put("remediation", n.remediation()).put("incidentId", n.incidentId())
        .put("timestamp", Texts.iso(n.timestamp()));
    ObjectNode tags = data.putObject("tags");
    new TreeMap<>(n.tags()).forEach(tags::put);
    return root;
  }

  /** Returns base64 HMAC-SHA256 of {@code id.timestamp.body} under the key. */
  static String sign(byte[] key, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** A builder of {@link WebhookNotifier}; see {@link HttpNotifierBuilder} for shared settings. */
  public static final class Builder extends HttpNotifierBuilder<Builder> {
    private final URI url;
    private String source = DEFAULT_SOURCE;
    private byte @Nullable [] secret;

    private Builder(URI url) {
      super("webhook");
      this.url = requireNonNull(url, "url");
      if (url.getScheme() == null || url.getHost() == null) {
        throw new IllegalArgumentException("url must be an absolute http(s) URL, got " + url);
      }
    }

    /** Sets the CloudEvents {@code source} (a URI reference); default {@value #DEFAULT_SOURCE}. */
    public Builder source(String value) {
      this.source = nonBlank(value, "source");
      return this;
    }

    /** Signs with these key bytes (at least 16). */
    public Builder secret(byte[] value) {
      requireNonNull(value, "secret");
      if (value.length < 16) {
        throw new IllegalArgumentException("secret must have at least 16 bytes, got "
            + value.length);
      }
      this.secret = value.clone();
      return this;
    }

    /** Signs with a Standard Webhooks secret: {@code whsec_} followed by base64 key bytes. */
    public Builder secret(String whsec) {
      if (whsec == null || !whsec.startsWith("whsec_")) {
        throw new IllegalArgumentException("secret must start with 'whsec_'");
      }
      try {
        return secret(Base64.getDecoder().decode(whsec.substring("whsec_".length())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("secret after 'whsec_' must be base64: "
            + e.getMessage(), e);
      }
    }

    /** Builds the notifier. */
    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }
  }
}
