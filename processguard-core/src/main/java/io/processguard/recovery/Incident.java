package io.processguard.recovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One breach of one condition of one target, from the first bad sample to verified recovery,
 * with its timeline and its three measures: time-to-detect (first bad sample → breach),
 * time-to-engage (breach → first action started) and time-to-recover (breach → verified clear).
 *
 * <p>Immutable: the guard hands out copies.
 *
 * @param id unique id
 * @param target the target's name
 * @param condition the breached condition
 * @param status where it stands
 * @param firstBadAt the first bad sample of the breach
 * @param breachedAt when the condition breached
 * @param engagedAt when the first action started, if one did
 * @param recoveredAt when the condition cleared, if it did
 * @param timeline what happened, oldest first
 */
public record Incident(
    String id,
    String target,
    String condition,
    Status status,
    Instant firstBadAt,
    Instant breachedAt,
    Optional<Instant> engagedAt,
    Optional<Instant> recoveredAt,
    List<Entry> timeline) {

  /** Validates and copies. */
  public Incident {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    timeline = List.copyOf(timeline);
  }

  /** Returns the time from the first bad sample to the breach. */
  public Duration timeToDetect() {
    return Duration.between(firstBadAt, breachedAt);
  }

  /** Returns the time from the breach to the first action, if one started. */
  public Optional<Duration> timeToEngage() {
    return engagedAt.map(e -> Duration.between(breachedAt, e));
  }

  /** Returns the time from the breach to verified recovery, if it recovered. */
  public Optional<Duration> timeToRecover() {
    return recoveredAt.map(r -> Duration.between(breachedAt, r));
  }

  /** Where an incident stands. */
  public enum Status {
    /** Breached; recovery in progress or waiting. */
    OPEN,
    /** Recovery gave up (ladder or budget exhausted) and a human was paged; still breached. */
    ESCALATED,
    /** The condition cleared. */
    RECOVERED,
    /** Closed without recovery: a policy reload replaced its rule or its target's conditions. */
    CLOSED
  }

  /**
   * One line of the timeline.
   *
   * @param at when
   * @param what what happened, in words
   */
  public record Entry(Instant at, String what) {}
}
