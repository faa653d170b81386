package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import io.processguard.event.LoggingEventListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The code shown in docs/alerting.md; each snippet sits between the SNIPPET markers. */
class AlertingDocSnippetsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void slackChannel() {
    // SNIPPET slack
    Notifier slack = SlackNotifier.builder(URI.create(System.getenv().getOrDefault(
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX")))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
    ChannelConfig slackChannel = ChannelConfig.builder("slack", slack)
        .rateLimit(1, Duration.ofSeconds(1))   // Slack accepts about one message per second
        .outboxCapacity(500)
        .build();
    // END SNIPPET
    assertThat(slackChannel.name()).isEqualTo("slack");
  }

  @Test
  void pagerDutyChannel() {
    // SNIPPET pagerduty
    Notifier pagerDuty = PagerDutyNotifier.builder(System.getenv().getOrDefault(
            "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY00000000000000000000000"))
        .baseUrl(PagerDutyNotifier.EU_BASE_URL)  // default: https://events.pagerduty.com
        .source("checkout-service.prod")
        .build();
    ChannelConfig pagerDutyChannel = ChannelConfig.builder("pagerduty", pagerDuty)
        .maxAttempts(8)
        .initialBackoff(Duration.ofSeconds(2))
        .maxBackoff(Duration.ofMinutes(2))
        .build();
    // END SNIPPET
    assertThat(pagerDutyChannel.maxAttempts()).isEqualTo(8);
  }

  @Test
  void opsgenieChannel() {
    // SNIPPET opsgenie
    Notifier opsgenie = OpsgenieNotifier.builder(System.getenv().getOrDefault(
            "OPSGENIE_API_KEY", "eb243592-faa2-4ba2-a551-1afdf565c889"))
        .baseUrl(OpsgenieNotifier.EU_BASE_URL)   // or your Jira Service Management ops API URL
        .build();
    ChannelConfig opsgenieChannel = ChannelConfig.ofDefaults("opsgenie", opsgenie);
    // END SNIPPET
    assertThat(opsgenieChannel.rateLimit()).isEqualTo(ChannelConfig.DEFAULT_RATE_LIMIT);
  }

  @Test
  void webhookChannel(@TempDir Path stateDir) {
    // SNIPPET webhook
    Notifier webhook = WebhookNotifier.builder(URI.create("https://ops.example.com/hooks/guard"))
        .secret(System.getenv().getOrDefault("WEBHOOK_SECRET",
            "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))
        .source("/processguard/checkout-service")
        .build();
    ChannelConfig webhookChannel = ChannelConfig.builder("webhook", webhook)
        .outboxDirectory(stateDir)               // survives a restart: webhook.outbox.jsonl
        .threads(2)
        .build();
    // END SNIPPET
    assertThat(webhookChannel.outboxDirectory()).contains(stateDir);
  }

  @Test
  void router() {
    ChannelConfig pagerDutyChannel = ChannelConfig.ofDefaults("pagerduty", n -> { });
    ChannelConfig slackChannel = ChannelConfig.ofDefaults("slack", n -> { });
    // SNIPPET router
    AlertRouter router = AlertRouter.builder()
        .channel(pagerDutyChannel)
        .channel(slackChannel)
        .route(AlertSeverity.CRITICAL, "pagerduty", "slack")
        .route(AlertSeverity.ERROR, "pagerduty", "slack")
        .route(AlertSeverity.WARNING, "slack")
        .route(AlertSeverity.INFO, "slack")
        .triggerGrace(Duration.ofSeconds(30))      // transient breaches never page
        .reminderInterval(Duration.ofHours(1))
        .groupWindow(Duration.ofMinutes(5))
        .groupByTag("service")                     // default: group by target
        .inhibitingSeverity(AlertSeverity.CRITICAL)
        .listener(new LoggingEventListener())
        .build();

    router.addSilence(Silence.builder(Instant.now(), Instant.now().plus(Duration.ofHours(2)))
        .target("billing")
        .tag("env", "prod")
        .comment("planned database migration, ticket OPS-123")
        .build());
    // END SNIPPET
    assertThat(router.channels()).containsExactly("pagerduty", "slack");
    router.close();
  }

  @Test
  void engineSide() {
    ManualTicker ticker = new ManualTicker();
    Clock clock = ticker;
    AlertRouter router = AlertRouter.builder().ticker(ticker).clock(clock)
        .channel("log", new LoggingNotifier()).build();
    // SNIPPET engine
    Notification page = Notification.builder("inc-42", "checkout")
        .severity(AlertSeverity.CRITICAL)
        .tier("CRITICAL")
        .rto(Duration.ofMinutes(5))
        .summary("checkout: heap-high (heap.used.ratio=0.95 > 0.9)")
        .signal("heap.used.ratio", 0.95, "> 0.9")
        .actions(List.of("restart checkout-pool: ok after 2.1s"))
        .runbook(URI.create("https://runbooks.example.com/checkout#heap"))
        .incidentId("inc-42")
        .timestamp(clock.instant())
        .build();
    router.submit(page);                    // returns at once
    router.tick();                          // every engine cycle: grace, reminders, silences
    // later, when the incident recovered:
    router.submit(page.withKind(Notification.Kind.RESOLVE, clock.instant()));
    // END SNIPPET
    assertThat(router.stats().suppressed(SuppressionReason.TRANSIENT)).isEqualTo(2);
    router.close();
  }

  @Test
  void pageExamples_inTheDocs_areWhatTheChannelsProduce() throws Exception {
    Path doc = Path.of("..", "docs", "alerting.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    Notification n = Fixtures.checkoutHeap();
    SlackNotifier slack = SlackNotifier.builder(URI.create("https://hooks.slack.com/x")).build();
    PagerDutyNotifier pd = PagerDutyNotifier.builder("R0UT1NGKEY00000000000000000000000")
        .source("checkout-service.prod").build();

    assertThat(JSON.readTree(block(text, "slack-example"))).isEqualTo(slack.message(n));
    assertThat(JSON.readTree(block(text, "pagerduty-example"))).isEqualTo(pd.event(n));
  }

  @Test
  void snippets_inTheDocs_areTheCodeAbove() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "alerting.md"), StandardCharsets.UTF_8);
    String source = Files.readString(Path.of("src", "test", "java", "io", "processguard",
        "alert", "AlertingDocSnippetsTest.java"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("// SNIPPET (\\w+)\\n(.*?)\\n\\s*// END SNIPPET", Pattern.DOTALL)
        .matcher(source);
    int found = 0;
    while (m.find()) {
      found++;
      assertThat(doc).as("snippet " + m.group(1)).contains(dedent(m.group(2)));
    }
    assertThat(found).isEqualTo(6);
  }

  private static String block(String doc, String marker) {
    Matcher m = Pattern.compile("<!-- " + marker + " -->\\s*```json\\n(.*?)```", Pattern.DOTALL)
        .matcher(doc);
    assertThat(m.find()).as(marker).isTrue();
    return m.group(1);
  }

  private static String dedent(String code) {
    StringBuilder sb = new StringBuilder();
    for (String line : code.split("\n", -1)) {
      sb.append(sb.length() == 0 ? "" : "\n").append(line.startsWith("    ")
          ? line.substring(4) : line.strip());
    }
    return sb.toString();
  }
}
