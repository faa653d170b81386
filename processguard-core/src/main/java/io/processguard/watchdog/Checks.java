package io.processguard.watchdog;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the watchdog builders; each names the argument and the value. */
final class Checks {
  private Checks() {}

  static String name(String argument, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(argument + " must not be blank, got '" + value + "'");
    }
    return value;
  }

  static Duration positive(String argument, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(argument + " must be positive, got " + value);
    }
    return value;
  }

  static int atLeast(String argument, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(argument + " must be at least " + min + ", got " + value);
    }
    return value;
  }
}
