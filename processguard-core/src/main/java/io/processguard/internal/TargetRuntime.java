package io.processguard.internal;

import io.processguard.probe.Sample;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The running state of one target: its probes, its conditions and the state derived from them.
 * Owned by the scheduler thread; the snapshot is how other threads see it.
 */
public final class TargetRuntime {
  final TargetSpec spec;
  final List<ProbeRuntime> probes = new ArrayList<>();
  final ConditionRuntime[] conditions;
  TargetState state = TargetState.UNKNOWN;
  String reason = "waiting for the first samples";
  Instant since;
  boolean ready = true;
  @Nullable TargetState overlay;
  String overlayReason = "";
  Map<String, Double> evidence = Map.of();
  boolean dirty = true;
  /** The status last put in a snapshot; rebuilt only when the target changed. */
  @Nullable TargetStatus published;

  TargetRuntime(TargetSpec spec, Instant now) {
    this.spec = spec;
    this.conditions = spec.conditions().stream().map(ConditionRuntime::new).toArray(ConditionRuntime[]::new);
    this.since = now;
  }

  /** Returns the target's name. */
  public String name() {
    return spec.target().name();
  }

  /** Returns the inventory entry. */
  public Target target() {
    return spec.target();
  }

  /** Returns the spec it was registered with. */
  public TargetSpec spec() {
    return spec;
  }

  /** Returns the current state. */
  public TargetState state() {
    return state;
  }

  /** Returns the condition runtime with that name, or null. */
  public @Nullable ConditionRuntime condition(String name) {
    for (ConditionRuntime c : conditions) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** Returns whether the named condition is breached now. */
  public boolean breached(String condition) {
    ConditionRuntime c = condition(condition);
    return c != null && c.evaluator.breached();
  }

  /** Returns the latest value of each signal seen on any probe of this target. */
  public Map<String, Double> latestValues() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (ProbeRuntime p : probes) {
      if (p.last != null) {
        out.putAll(p.last.signals());
      }
    }
    return out;
  }

  /** Derives the state from overlay, conditions and probes; returns whether it changed. */
  boolean derive() {
    TargetState next;
    String why;
    ConditionRuntime worst = worstBreached();
    ProbeRuntime failing = firstFailing();
    if (overlay != null) {
      next = overlay;
      why = overlayReason;
    } else if (worst != null) {
      next = worst.watched.severity() == Severity.CRITICAL ? TargetState.FAILING : TargetState.DEGRADED;
      why = worst.name() + ": " + worst.evaluator.reason();
    } else if (failing != null) {
      next = TargetState.DEGRADED;
      Sample last = failing.last;
      why = "probe " + failing.name + " " + (last == null ? "failed" : last.status().name().toLowerCase(java.util.Locale.ROOT))
          + (last == null || last.detail().isEmpty() ? "" : ": " + last.detail());
    } else if (anyWithoutSample()) {
      next = TargetState.UNKNOWN;
      why = "waiting for the first samples";
    } else {
      next = TargetState.HEALTHY;
      why = "all conditions clear";
    }
    if (next == state && why.equals(reason)) {
      return false;
    }
    boolean changed = next != state;
    state = next;
    reason = why;
    dirty = true;
    return changed;
  }

  private @Nullable ConditionRuntime worstBreached() {
    ConditionRuntime worst = null;
    for (ConditionRuntime c : conditions) {
      if (c.evaluator.breached()
          && (worst == null || c.watched.severity().compareTo(worst.watched.severity()) > 0)) {
        worst = c;
      }
    }
    return worst;
  }

  private @Nullable ProbeRuntime firstFailing() {
    for (ProbeRuntime p : probes) {
      if (p.last != null && p.last.isDown()) {
        return p;
      }
    }
    return null;
  }

  private boolean anyWithoutSample() {
    for (ProbeRuntime p : probes) {
      if (p.last == null) {
        return true;
      }
    }
    return false;
  }

  TargetStatus status() {
    List<String> breached = new ArrayList<>();
    for (ConditionRuntime c : conditions) {
      if (c.evaluator.breached()) {
        breached.add(c.name());
      }
    }
    return new TargetStatus(spec.target(), state, reason, since, ready, breached, evidence);
  }
}
