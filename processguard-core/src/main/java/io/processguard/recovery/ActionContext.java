package io.processguard.recovery;

import java.time.Duration;
import java.util.Map;

/**
 * What a custom action is told about the incident it acts on.
 *
 * @param target the target's name
 * @param condition the breached condition
 * @param incidentId the incident's id
 * @param values the signal values that breached
 * @param timeout how long the action may take
 */
public record ActionContext(
    String target, String condition, String incidentId, Map<String, Double> values, Duration timeout) {

  /** Copies. */
  public ActionContext {
    values = Map.copyOf(values);
  }
}
