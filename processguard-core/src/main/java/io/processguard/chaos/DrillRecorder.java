package io.processguard.chaos;

import io.processguard.chaos.DrillReport.Entry;
import io.processguard.chaos.DrillReport.Kind;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.TargetEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * Listens to the guard during one drill: queues its events (the guard's thread), then, on the
 * drill's thread, turns those within the blast radius into timeline entries and follows the
 * incident the fault opened on the target.
 */
final class DrillRecorder implements GuardEventListener {
  private final String target;
  private final Set<String> blastRadius;
  private final ConcurrentLinkedQueue<GuardEvent> inbox = new ConcurrentLinkedQueue<>();
  final List<Entry> timeline = new ArrayList<>();
  @Nullable Instant injectedAt;
  @Nullable String incidentId;
  @Nullable Instant breachedAt;
  @Nullable Incident recovered;
  @Nullable String escalated;
  @Nullable String unhandledBreach;
  boolean actionSucceeded;

  DrillRecorder(String target, Set<String> blastRadius) {
    this.target = target;
    this.blastRadius = blastRadius;
  }

  @Override
  public void onEvent(GuardEvent event) {
    inbox.add(event);
  }

  void note(Instant at, Kind kind, String text) {
    timeline.add(new Entry(at, kind, target, text));
  }

  /** Applies every queued event, in order. */
  void drain() {
    for (GuardEvent e = inbox.poll(); e != null; e = inbox.poll()) {
      apply(e);
    }
  }

  private void apply(GuardEvent e) {
    if (blastRadius.contains(e.target())) {
      describe(e).ifPresent(text -> timeline.add(new Entry(e.timestamp(), kind(e), e.target(), text)));
    }
    Instant since = injectedAt;
    if (since != null && e.target().equals(target) && !e.timestamp().isBefore(since)) {
      follow(e);
    }
  }

  private void follow(GuardEvent e) {
    if (e instanceof RecoveryEvent.IncidentOpened o && incidentId == null) {
      incidentId = o.incident().id();
      breachedAt = o.incident().breachedAt();
    } else if (e instanceof TargetEvent.ConditionBreached b && breachedAt == null) {
      breachedAt = b.timestamp();
      unhandledBreach = b.condition();
    } else if (e instanceof RecoveryEvent.IncidentRecovered r && r.incident().id().equals(incidentId)) {
      recovered = r.incident();
    } else if (e instanceof RecoveryEvent.Escalated x && x.incidentId().equals(incidentId)) {
      escalated = "recovery escalated: " + x.reason();
    } else if (e instanceof RecoveryEvent.Quarantined q && escalated == null) {
      escalated = "target quarantined: " + q.reason();
    } else if (e instanceof RecoveryEvent.ActionCompleted a && a.outcome().ok()) {
      actionSucceeded = true;
    }
  }

  private static Kind kind(GuardEvent e) {
    if (e instanceof TargetEvent.ConditionBreached) {
      return Kind.BREACH;
    }
    if (e instanceof TargetEvent.ConditionCleared) {
      return Kind.CLEAR;
    }
    if (e instanceof TargetEvent.StateChanged) {
      return Kind.STATE;
    }
    if (e instanceof TargetEvent.ProbeFailed || e instanceof TargetEvent.ProbeRecovered) {
      return Kind.PROBE;
    }
    if (e instanceof RecoveryEvent.IncidentRecovered) {
      return Kind.RECOVERED;
    }
    if (e instanceof RecoveryEvent.Escalated || e instanceof RecoveryEvent.Quarantined) {
      return Kind.ESCALATED;
    }
    return Kind.ACTION;
  }

  private static Optional<String> describe(GuardEvent e) {
    if (e instanceof TargetEvent.ConditionBreached b) {
      return Optional.of(b.condition() + " breached: " + b.reason());
    }
    if (e instanceof TargetEvent.ConditionCleared c) {
      return Optional.of(c.condition() + " cleared: " + c.reason());
    }
    if (e instanceof TargetEvent.StateChanged s) {
      return Optional.of(s.from() + " -> " + s.to());
    }
    if (e instanceof TargetEvent.ProbeFailed f) {
      return Optional.of("probe " + f.probe() + " " + f.status() + ": " + f.reason());
    }
    if (e instanceof TargetEvent.ProbeRecovered r) {
      return Optional.of("probe " + r.probe() + " answers again after " + r.failures() + " failure(s)");
    }
    if (e instanceof RecoveryEvent.ActionCompleted a) {
      return Optional.of(a.action().describe() + " " + a.outcome() + (a.detail().isEmpty() ? "" : ": " + a.detail()));
    }
    if (e instanceof RecoveryEvent.ReadinessChanged r) {
      return Optional.of("ready=" + r.ready() + " (" + r.reason() + ")");
    }
    if (e instanceof RecoveryEvent.IncidentRecovered r) {
      return Optional.of("incident " + r.incident().id() + " recovered after "
          + r.incident().timeToRecover().map(Checks::seconds).orElse("-"));
    }
    if (e instanceof RecoveryEvent.Escalated x) {
      return Optional.of("escalated: " + x.reason());
    }
    if (e instanceof RecoveryEvent.Quarantined q) {
      return Optional.of("quarantined: " + q.reason());
    }
    return Optional.empty();
  }
}
