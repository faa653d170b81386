package io.processguard.alert;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Text helpers shared by the channels: numbers, durations, truncation. Stateless. */
final class Texts {
  private Texts() {}

  /** Formats a signal value without exponent or trailing zeros: 0.95, 12, NaN. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** Formats a duration the way people read it: 250ms, 45s, 5m, 1h30m, 2d. */
  static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder sb = new StringBuilder();
    long s = d.getSeconds();
    append(sb, s / 86_400, "d");
    append(sb, s % 86_400 / 3_600, "h");
    append(sb, s % 3_600 / 60, "m");
    append(sb, s % 60, "s");
    return sb.toString();
  }

  private static void append(StringBuilder sb, long n, String unit) {
    if (n > 0) {
      sb.append(n).append(unit);
    }
  }

  /** Cuts text to at most {@code max} characters, ending with an ellipsis when cut. */
  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  /** Lists signals sorted by name: {@code name = value (threshold)}, one per line. */
  static String signals(Notification n, String bullet) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : new TreeMap<>(n.signals()).entrySet()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(bullet).append(e.getKey()).append(" = ").append(number(e.getValue()));
      String t = n.thresholds().get(e.getKey());
      if (t != null) {
        sb.append(" (threshold ").append(t).append(')');
      }
    }
    return sb.toString();
  }

  /** A stable id of one notification: equal for retries and replays of it. */
  static String messageId(Notification n) {
    String seed = n.dedupKey() + '|' + n.kind() + '|' + n.timestamp();
    return "msg_" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** The severity in lower case, as most services spell it. */
  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** An instant as ISO-8601 text. */
  static String iso(Instant at) {
    return at.toString();
  }
}
