package io.processguard.validation;

import java.util.List;

/**
 * Thrown when a spec is invalid; carries every problem found, not just the first. Nothing the
 * spec would have replaced has been changed.
 */
public final class ValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /** Creates an exception for at least one problem. */
  public ValidationException(List<Problem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem found, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  /** Throws if the list holds any problem. */
  public static void throwIfAny(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
  }

  private static String format(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    StringBuilder sb = new StringBuilder(problems.size() + " problems:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
