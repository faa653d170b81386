package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import io.processguard.probe.Probe;
import java.util.OptionalDouble;

/**
 * A signal a drill samples over time, for its steady-state checks, its abort conditions and the
 * report's chart: where to read it and, optionally, the threshold drawn beside it.
 *
 * <p>The runner calls {@code source} on its own thread once per poll; a probe that throws or lacks
 * the signal yields no point for that poll. Immutable.
 *
 * @param name the signal's name, as the probe's sample carries it
 * @param source the probe to read it from (often the same lambda the target binds)
 * @param threshold the line drawn on the chart, if any (typically the condition's threshold)
 */
public record DrillSignal(String name, Probe source, OptionalDouble threshold) {

  /** Validates. */
  public DrillSignal {
    Checks.name("signal", name);
    requireNonNull(source, "source");
    requireNonNull(threshold, "threshold");
  }

  /** A signal drawn with its threshold. */
  public static DrillSignal of(String name, Probe source, double threshold) {
    return new DrillSignal(name, source, OptionalDouble.of(threshold));
  }

  /** A signal drawn without a threshold. */
  public static DrillSignal of(String name, Probe source) {
    return new DrillSignal(name, source, OptionalDouble.empty());
  }
}
