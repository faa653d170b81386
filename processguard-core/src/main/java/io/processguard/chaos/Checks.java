package io.processguard.chaos;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Argument checks and number formats shared by the chaos types. */
final class Checks {
  private Checks() {}

  static String name(String what, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
    }
    return value;
  }

  static Duration positive(String what, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  static void rate(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be in (0, 1], got " + rate);
    }
  }

  static String share(double rate) {
    return rate >= 1 ? "" : String.format(Locale.ROOT, " (%.0f%% of calls)", rate * 100);
  }

  static String bytes(long bytes) {
    return bytes >= 1024 * 1024
        ? String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0))
        : String.format(Locale.ROOT, "%d KiB", bytes / 1024);
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%d", (long) v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }
}
