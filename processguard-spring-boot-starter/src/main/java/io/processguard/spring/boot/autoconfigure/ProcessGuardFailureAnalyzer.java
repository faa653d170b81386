package io.processguard.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link ProcessGuardPropertiesException} at start-up, one line per property. */
class ProcessGuardFailureAnalyzer extends AbstractFailureAnalyzer<ProcessGuardPropertiesException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ProcessGuardPropertiesException cause) {
    StringBuilder description = new StringBuilder("Invalid ProcessGuard configuration:\n");
    cause.problems().forEach(p -> description.append("\n    ").append(p));
    return new FailureAnalysis(description.toString(),
        "Correct the processguard.* properties listed above. Names of probes, restartables, notifiers and "
            + "custom actions are bean names; conditions and targets are the keys under processguard.targets.",
        cause);
  }
}
