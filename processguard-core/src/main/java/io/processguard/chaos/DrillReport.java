package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one drill did and measured: the plan, the outcome and why, time-to-detect, -engage and
 * -recover against the RTO, the timeline of events, and the signals sampled over time with their
 * thresholds. Immutable; written as JSON or HTML by {@link DrillReports}.
 *
 * @param drill the drill as planned, in words
 * @param requestedBy who ran it ({@code java}, {@code scheduler}, or an operator)
 * @param startedAt when the drill started (before the steady-state check)
 * @param endedAt when it ended (after the check that followed release)
 * @param outcome how it ended
 * @param reason why it failed or aborted; empty when it passed
 * @param measures the times measured
 * @param timeline what happened, oldest first
 * @param signals the sampled signals, in the drill's order
 * @param notes remarks for the reader (for example how a scenario's own fault was wrapped)
 */
public record DrillReport(
    Summary drill, String requestedBy, Instant startedAt, Instant endedAt, Outcome outcome, String reason,
    Measures measures, List<Entry> timeline, List<Series> signals, List<String> notes) {

  /** Validates and copies. */
  public DrillReport {
    requireNonNull(drill, "drill");
    requireNonNull(requestedBy, "requestedBy");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(endedAt, "endedAt");
    requireNonNull(outcome, "outcome");
    requireNonNull(reason, "reason");
    requireNonNull(measures, "measures");
    timeline = List.copyOf(timeline);
    signals = List.copyOf(signals);
    notes = List.copyOf(notes);
  }

  /** Returns whether the drill passed. */
  public boolean passed() {
    return outcome == Outcome.PASSED;
  }

  /** Returns how long the drill took. */
  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /** Returns the timeline as text, one line per entry, with times relative to the start. */
  public String timelineText() {
    return timeline.stream()
        .map(e -> String.format(Locale.ROOT, "  %9s  %-16s %-12s %s", "+" + Checks.seconds(
            Duration.between(startedAt, e.at())), e.kind(), e.target(), e.text()))
        .collect(Collectors.joining("\n"));
  }

  /** Returns a short summary: drill, outcome, reason and measures. */
  public String describe() {
    return String.format(Locale.ROOT, "drill '%s' on '%s' (%s): %s%s; detected after %s, engaged after %s, "
            + "recovered after %s (RTO %s)", drill.name(), drill.target(), drill.fault(), outcome,
        reason.isEmpty() ? "" : " - " + reason, show(measures.detectedAfter()), show(measures.timeToEngage()),
        show(measures.timeToRecover()), Checks.seconds(measures.rto()));
  }

  private static String show(Optional<Duration> d) {
    return d.map(Checks::seconds).orElse("-");
  }

  /** How a drill ended. */
  public enum Outcome {
    /** Detected, recovered within the RTO, and the steady state held again. */
    PASSED,
    /** Did not recover within the RTO, escalated, or the steady state did not hold after. */
    FAILED,
    /** Stopped early: the steady state did not hold before, an abort condition fired, or time ran out. */
    ABORTED
  }

  /**
   * The drill as planned, in words.
   *
   * @param name the drill's name
   * @param target the drilled target
   * @param fault the fault, in words
   * @param rto the target's RTO
   * @param blastRadius the targets that may be affected, sorted
   * @param hypothesis the steady-state checks, in words
   * @param aborts the abort conditions, in words
   */
  public record Summary(String name, String target, String fault, Duration rto, List<String> blastRadius,
      List<String> hypothesis, List<String> aborts) {
    /** Copies. */
    public Summary {
      blastRadius = List.copyOf(blastRadius);
      hypothesis = List.copyOf(hypothesis);
      aborts = List.copyOf(aborts);
    }
  }

  /**
   * The times a drill measured. {@code timeToDetect}, {@code timeToEngage} and {@code
   * timeToRecover} are the incident's own (first bad sample to breach, breach to first action,
   * breach to verified recovery); {@code detectedAfter} runs from injection to the breach.
   *
   * @param injectedAt when the fault was injected
   * @param releasedAt when it was released
   * @param incidentId the incident the fault opened
   * @param detectedAfter injection to breach
   * @param timeToDetect first bad sample to breach
   * @param timeToEngage breach to first recovery action
   * @param timeToRecover breach to verified recovery
   * @param rto the target's RTO
   * @param metRto whether it recovered within the RTO
   */
  public record Measures(Optional<Instant> injectedAt, Optional<Instant> releasedAt, Optional<String> incidentId,
      Optional<Duration> detectedAfter, Optional<Duration> timeToDetect, Optional<Duration> timeToEngage,
      Optional<Duration> timeToRecover, Duration rto, boolean metRto) {}

  /**
   * One line of the timeline.
   *
   * @param at when
   * @param kind what sort of thing happened (drives the chart's markers)
   * @param target the target it concerns
   * @param text what happened, in words
   */
  public record Entry(Instant at, Kind kind, String target, String text) {}

  /** What sort of thing a timeline entry records. */
  public enum Kind {
    /** The drill started, checked its hypothesis, or ended. */
    DRILL,
    /** The fault was injected. */
    FAULT_INJECTED,
    /** The fault was released. */
    FAULT_RELEASED,
    /** A condition breached. */
    BREACH,
    /** A condition cleared. */
    CLEAR,
    /** A target's state changed. */
    STATE,
    /** A recovery action started or ended, or a decision was made. */
    ACTION,
    /** The incident recovered. */
    RECOVERED,
    /** Recovery escalated or the target was quarantined. */
    ESCALATED,
    /** A probe failed or recovered. */
    PROBE,
    /** The drill aborted. */
    ABORTED
  }

  /**
   * One signal over time.
   *
   * @param name the signal
   * @param threshold the line drawn beside it, if any
   * @param points the samples, oldest first
   */
  public record Series(String name, Optional<Double> threshold, List<Point> points) {
    /** Copies. */
    public Series {
      points = List.copyOf(points);
    }
  }

  /**
   * One sample of a signal.
   *
   * @param at when
   * @param value the value
   */
  public record Point(Instant at, double value) {}
}
