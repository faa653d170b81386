package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A channel to a Slack incoming webhook: one Block Kit message per notification, with a header
 * (state, severity, summary), the detail, fields for target, tier, RTO, signals against their
 * thresholds, actions taken and remediation, a context line (incident, dedup key, time) and a
 * runbook button.
 *
 * <p>Thread-safe. A 429 is retryable and carries Slack's {@code Retry-After}; 5xx are retryable;
 * other 4xx (400 {@code invalid_payload}, 403, 404 {@code channel_not_found}, 410) are final.
 */
public final class SlackNotifier implements Notifier {
  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;
  private static final int FIELD_MAX = 2000;

  private final URI webhook;
  private final HttpSender sender;
  private final JsonMapper mapper = JsonMapper.builder().build();

  private SlackNotifier(Builder b) {
    this.webhook = b.webhook;
    this.sender = b.sender();
  }

  /** Starts a builder posting to this incoming-webhook URL (keep it secret: it is the key). */
  public static Builder builder(URI webhookUrl) {
    return new Builder(webhookUrl);
  }

  @Override
  public void deliver(Notification n) throws NotifierException, InterruptedException {
    sender.post(webhook, "application/json; charset=utf-8", mapper.writeValueAsBytes(message(n)),
        Map.of());
  }

  /** Returns the Block Kit message posted for a notification. */
  public ObjectNode message(Notification n) {
    ObjectNode root = mapper.createObjectNode();
    String headline = headline(n);
    root.put("text", headline);
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", Texts.truncate(headline,
        HEADER_MAX)).put("emoji", true);
    if (!n.detail().isEmpty()) {
      ObjectNode section = blocks.addObject().put("type", "section");
      mrkdwn(section.putObject("text"), escape(n.detail()), SECTION_MAX);
    }
    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    for (Map.Entry<String, String> f : fields(n).entrySet()) {
      mrkdwn(fields.addObject(), "*" + f.getKey() + "*\n" + escape(f.getValue()), FIELD_MAX);
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    mrkdwn(context.putArray("elements").addObject(), context(n), FIELD_MAX);
    n.runbook().ifPresent(url -> {
      ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements")
          .addObject().put("type", "button").put("action_id", "processguard-runbook");
      button.putObject("text").put("type", "plain_text").put("text", "Open runbook");
      button.put("url", url.toString());
    });
    return root;
  }

  private static String headline(Notification n) {
    String state;
    switch (n.kind()) {
      case RESOLVE -> state = ":white_check_mark: RESOLVED";
      case REMINDER -> state = ":repeat: STILL OPEN";
      case INFO -> state = ":information_source: INFO";
      default -> state = n.severity() == AlertSeverity.CRITICAL ? ":rotating_light: TRIGGERED"
          : ":warning: TRIGGERED";
    }
    return state + " [" + n.severity() + "] " + n.summary();
  }

  private static Map<String, String> fields(Notification n) {
    Map<String, String> f = new java.util.LinkedHashMap<>();
    f.put("Target", n.target());
    if (!n.tier().isEmpty()) {
      f.put("Tier", n.tier());
    }
    if (!n.rto().isZero()) {
      f.put("RTO", Texts.duration(n.rto()));
    }
    if (!n.signals().isEmpty()) {
      f.put("Signals vs thresholds", Texts.signals(n, "\u2022 "));
    }
    if (!n.actions().isEmpty()) {
      f.put("Actions taken", bullets(n.actions()));
    }
    if (!n.remediation().isEmpty()) {
      f.put("Remediation", n.remediation());
    }
    if (!n.tags().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      new TreeMap<>(n.tags()).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
          .append(k).append('=').append(v));
      f.put("Tags", sb.toString());
    }
    return f;
  }

  private static String bullets(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(sb.length() == 0 ? "" : "\n").append("\u2022 ").append(l);
    }
    return sb.toString();
  }

  private static String context(Notification n) {
    String incident = n.incidentId().isEmpty() ? "" : "incident `" + escape(n.incidentId())
        + "` | ";
    return incident + "dedup `" + escape(n.dedupKey()) + "` | " + Texts.iso(n.timestamp());
  }

  private static void mrkdwn(ObjectNode node, String text, int max) {
    node.put("type", "mrkdwn").put("text", Texts.truncate(text, max));
  }

  /** Escapes the three characters Slack's mrkdwn reserves. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A builder of {@link SlackNotifier}; see {@link HttpNotifierBuilder} for the shared settings. */
  public static final class Builder extends HttpNotifierBuilder<Builder> {
    private final URI webhook;

    private Builder(URI webhook) {
      super("slack");
      this.webhook = requireNonNull(webhook, "webhookUrl");
      if (webhook.getScheme() == null || webhook.getHost() == null) {
        throw new IllegalArgumentException("webhookUrl must be an absolute http(s) URL, got "
            + webhook.getScheme() + "://" + webhook.getHost());
      }
    }

    /** Builds the notifier. */
    public SlackNotifier build() {
      return new SlackNotifier(this);
    }
  }
}
