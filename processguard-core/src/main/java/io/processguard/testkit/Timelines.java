package io.processguard.testkit;

import io.processguard.event.GuardEvent;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.TargetEvent;
import java.time.Duration;
import java.util.Locale;

/** Formats events as timeline lines with their virtual time. */
final class Timelines {
  private Timelines() {}

  static Duration at(GuardEvent e) {
    return Duration.between(VirtualTime.EPOCH, e.timestamp());
  }

  static String line(GuardEvent e) {
    return String.format(Locale.ROOT, "%10s  %-12s %-28s %s", at(e), e.target(), e.type(), detail(e));
  }

  private static String detail(GuardEvent e) {
    if (e instanceof TargetEvent.ConditionBreached b) {
      return b.condition() + ": " + b.reason();
    }
    if (e instanceof TargetEvent.ConditionCleared c) {
      return c.condition() + ": " + c.reason();
    }
    if (e instanceof TargetEvent.StateChanged s) {
      return s.from() + " -> " + s.to() + " (" + s.reason() + ")";
    }
    if (e instanceof TargetEvent.ProbeFailed f) {
      return f.probe() + ": " + f.reason();
    }
    if (e instanceof RecoveryEvent.DecisionMade d) {
      return d.record().decision().describe();
    }
    if (e instanceof RecoveryEvent.ActionStarted a) {
      return a.action().describe();
    }
    if (e instanceof RecoveryEvent.ActionCompleted a) {
      return a.action().describe() + " " + a.outcome() + (a.detail().isEmpty() ? "" : ": " + a.detail());
    }
    if (e instanceof RecoveryEvent.Escalated x) {
      return x.reason();
    }
    if (e instanceof RecoveryEvent.Quarantined q) {
      return q.reason();
    }
    if (e instanceof RecoveryEvent.IncidentRecovered r) {
      return r.incident().id() + " recovered after " + r.incident().timeToRecover().orElse(Duration.ZERO);
    }
    return "";
  }
}
