package io.processguard.alert;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Notifications used across the alert tests. */
final class Fixtures {
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  /** A fully populated trigger for {@code checkout}. */
  static Notification checkoutHeap() {
    return Notification.builder("checkout/heap-high", "checkout")
        .severity(AlertSeverity.CRITICAL)
        .tier("CRITICAL")
        .rto(Duration.ofMinutes(5))
        .summary("checkout: heap-high (heap.used.ratio=0.95 > 0.9)")
        .detail("Heap stayed above 90% for 3 samples.")
        .signal("heap.used.ratio", 0.95, "> 0.9")
        .signal("gc.pause.ratio", 0.12, "")
        .actions(List.of("restart checkout-pool: ok after 2.1s"))
        .runbook(URI.create("https://runbooks.example.com/checkout#heap"))
        .remediation("Raise -Xmx or find the leak")
        .incidentId("inc-42")
        .timestamp(AT)
        .tag("team", "payments")
        .tag("env", "prod")
        .build();
  }

  /** A minimal notification. */
  static Notification of(String key, String target, Notification.Kind kind,
      AlertSeverity severity) {
    return Notification.builder(key, target).kind(kind).severity(severity)
        .summary(target + ": " + key).timestamp(AT).build();
  }
}
