package io.processguard.examples;

import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.TargetEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects a scenario's events as a timeline relative to its start, for the console. */
public final class Timeline implements GuardEventListener {
  private final Instant start;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  /** Starts a timeline at the given instant. */
  public Timeline(Instant start) {
    this.start = start;
  }

  @Override
  public void onEvent(GuardEvent event) {
    String text = describe(event);
    if (!text.isEmpty()) {
      lines.add(String.format(Locale.ROOT, "  %7.2fs  %-12s %s",
          Duration.between(start, event.timestamp()).toMillis() / 1000.0, event.target(), text));
    }
  }

  /** Adds a line of the scenario's own. */
  public void note(Instant at, String target, String text) {
    lines.add(String.format(Locale.ROOT, "  %7.2fs  %-12s %s",
        Duration.between(start, at).toMillis() / 1000.0, target, text));
  }

  private static String describe(GuardEvent e) {
    if (e instanceof TargetEvent.ConditionBreached b) {
      return "BREACH   " + b.condition() + ": " + b.reason();
    }
    if (e instanceof TargetEvent.ConditionCleared c) {
      return "CLEAR    " + c.condition() + ": " + c.reason();
    }
    if (e instanceof TargetEvent.StateChanged s) {
      return "STATE    " + s.from() + " -> " + s.to();
    }
    if (e instanceof RecoveryEvent.DecisionMade d) {
      return "DECIDE   " + d.record().decision().describe();
    }
    if (e instanceof RecoveryEvent.ActionCompleted a) {
      return "ACTION   " + a.action().describe() + " " + a.outcome().name().toLowerCase(Locale.ROOT)
          + " in " + a.took().toMillis() + " ms";
    }
    if (e instanceof RecoveryEvent.ReadinessChanged r) {
      return "READY    " + r.ready() + " (" + r.reason() + ")";
    }
    if (e instanceof RecoveryEvent.IncidentRecovered r) {
      return "RECOVER  incident " + r.incident().id() + ": detect " + ms(r.incident().timeToDetect())
          + ", engage " + r.incident().timeToEngage().map(Timeline::ms).orElse("-")
          + ", recover " + r.incident().timeToRecover().map(Timeline::ms).orElse("-");
    }
    if (e instanceof RecoveryEvent.Escalated x) {
      return "ESCALATE " + x.reason();
    }
    return "";
  }

  private static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }

  /** Prints every line, in order. */
  public void print(PrintStream out) {
    lines.stream().sorted().forEach(out::println);
  }

  /** Returns the lines so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }
}
