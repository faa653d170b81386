package io.processguard.internal;

import io.processguard.recovery.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The mutable side of an open incident; {@link #snapshot()} gives the immutable record. */
final class IncidentState {
  final String id;
  final String target;
  final String condition;
  final Instant firstBadAt;
  final Instant breachedAt;
  final String reason;
  final Map<String, Double> values;
  @Nullable Instant engagedAt;
  @Nullable Instant recoveredAt;
  Incident.Status status = Incident.Status.OPEN;
  boolean escalated;
  /** Open pages: dedup key to channel, so each is resolved on recovery. */
  final java.util.Map<String, String> alerted = new java.util.LinkedHashMap<>();
  final List<Incident.Entry> timeline = new ArrayList<>();
  final List<String> actions = new ArrayList<>();

  IncidentState(String id, String target, String condition, Instant firstBadAt, Instant breachedAt,
      String reason, Map<String, Double> values) {
    this.id = id;
    this.target = target;
    this.condition = condition;
    this.firstBadAt = firstBadAt;
    this.breachedAt = breachedAt;
    this.reason = reason;
    this.values = Map.copyOf(values);
  }

  void log(Instant at, String what) {
    timeline.add(new Incident.Entry(at, what));
  }

  Incident snapshot() {
    return new Incident(id, target, condition, status, firstBadAt, breachedAt,
        Optional.ofNullable(engagedAt), Optional.ofNullable(recoveredAt), timeline);
  }
}
