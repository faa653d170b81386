package io.processguard.spring.boot.autoconfigure;

import static java.util.Objects.requireNonNull;

/**
 * One invalid ProcessGuard property: its full path, what is wrong and the rejected value.
 *
 * @param property the property path, such as {@code processguard.policies.checkout.rules[0].ladder[0]}
 * @param message what is wrong and what is expected
 * @param value the rejected value as text
 */
public record PropertyProblem(String property, String message, String value) {

  /** Validates. */
  public PropertyProblem {
    requireNonNull(property, "property");
    requireNonNull(message, "message");
    requireNonNull(value, "value");
  }

  /** Formats as {@code property: message, got 'value'}. */
  @Override
  public String toString() {
    return property + ": " + message + ", got '" + value + "'";
  }
}
