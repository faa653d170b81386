package io.processguard.validation;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a spec: where it is, which field, the rejected value and what was
 * expected.
 *
 * @param where the thing that holds the field, such as {@code target 'checkout'} or {@code
 *     policies.yaml:12}
 * @param field the field's path, such as {@code rules[0].ladder}
 * @param value the rejected value as text
 * @param message what is wrong and what is expected
 */
public record Problem(String where, String field, String value, String message) {

  /** Validates. */
  public Problem {
    requireNonNull(where, "where");
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    requireNonNull(message, "message");
  }

  /** Formats as {@code where: field: message, got 'value'}. */
  @Override
  public String toString() {
    return where + ": " + field + ": " + message + ", got '" + value + "'";
  }
}
