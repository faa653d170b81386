package io.processguard.target;

import static java.util.Objects.requireNonNull;

import io.processguard.condition.Condition;
import java.util.regex.Pattern;

/**
 * A named condition watched on a target, with the severity its breach carries. Policies name
 * it to map a breach to recovery actions.
 *
 * @param name unique within the target, {@code [A-Za-z0-9._-]{1,64}}
 * @param severity what a breach does to the target's state
 * @param condition the condition
 */
public record WatchedCondition(String name, Severity severity, Condition condition) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates. */
  public WatchedCondition {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "condition name '" + name + "' is invalid: use 1-64 characters of [A-Za-z0-9._-]");
    }
    requireNonNull(severity, "severity");
    requireNonNull(condition, "condition");
  }
}
