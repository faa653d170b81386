package io.processguard.spring.boot.autoconfigure;

import java.util.List;

/**
 * Thrown at start-up when {@code processguard.*} properties do not make a valid guard; carries
 * every problem, each naming its property and value. Immutable.
 */
public final class ProcessGuardPropertiesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient List<PropertyProblem> problems;

  /** Creates an exception for at least one problem. */
  public ProcessGuardPropertiesException(List<PropertyProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem, in the order found. */
  public List<PropertyProblem> problems() {
    return problems;
  }

  private static String format(List<PropertyProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a properties exception needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    StringBuilder sb = new StringBuilder(problems.size() + " problems:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
