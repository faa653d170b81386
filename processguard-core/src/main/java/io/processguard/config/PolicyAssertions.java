package io.processguard.config;

import io.processguard.validation.Problem;
import java.nio.file.Path;
import java.util.List;

/**
 * Assertions for a service's own test suite: that its policy documents are valid, with every
 * problem in the failure message. Needs no test framework: failures are {@link AssertionError}s.
 *
 * <pre>{@code
 * @Test void policies_areValid() {
 *   PolicyAssertions.assertValid(Path.of("src/main/resources/policies"));
 * }
 * }</pre>
 */
public final class PolicyAssertions {
  private PolicyAssertions() {}

  /** Asserts that the files and directories hold valid policy documents; returns the loaded set. */
  public static PolicyDocument assertValid(Path... paths) {
    List<Problem> problems = PolicyLoader.validate(paths);
    if (!problems.isEmpty()) {
      StringBuilder sb = new StringBuilder(problems.size() + (problems.size() == 1 ? " policy problem:" : " policy problems:"));
      problems.forEach(p -> sb.append("\n  - ").append(p));
      throw new AssertionError(sb.toString());
    }
    return PolicyLoader.load(paths);
  }
}
