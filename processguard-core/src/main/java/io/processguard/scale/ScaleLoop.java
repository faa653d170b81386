package io.processguard.scale;

import io.processguard.alert.AlertSeverity;
import io.processguard.alert.Notification;
import io.processguard.alert.Notifier;
import io.processguard.control.ControlContext;
import io.processguard.target.Target;
import io.processguard.target.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one scaling policy between cycles: recommendation history, steps, cooldown, the
 * running step and the gate. Used only on the engine thread, except {@link #done}, which the
 * step's executor sets.
 *
 * <p>Design: the Kubernetes HPA controller's {@code normalizeDesiredReplicasWithBehaviors}:
 * raw recommendations are kept with their time; a scale-up uses the lowest recommendation within
 * the up window, a scale-down the highest within the down window; the stabilised value is then
 * limited per step and held in bounds. Cooldown and budget are ProcessGuard's own.
 */
final class ScaleLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ScalingController.class);

  private record Rec(long nanos, int replicas) {}

  private record Outcome(int from, int to, @Nullable String error) {}

  private final ScalingPolicy policy;
  private final Scalable scalable;
  private final @Nullable Backpressure gate;
  private final @Nullable Notifier notifier;
  private final Executor executor;
  private final ArrayDeque<Rec> history = new ArrayDeque<>();
  private final ArrayDeque<Long> steps = new ArrayDeque<>();
  private final AtomicReference<@Nullable Outcome> done = new AtomicReference<>();
  private boolean inFlight;
  private int inFlightTo;
  private boolean stepped;
  private long lastStepNanos;
  private boolean saturated;
  private long saturatedSince;
  private long engagedAt;
  private long shedReported;
  private String lastKey = "";
  /** In dry-run, the replicas the pool would have if every step had succeeded; -1 until the first. */
  private int simulated = -1;
  private volatile @Nullable ScaleDecisionRecord last;

  ScaleLoop(ScalingPolicy policy, Scalable scalable, @Nullable Backpressure gate, @Nullable Notifier notifier,
      Executor executor) {
    this.policy = policy;
    this.scalable = scalable;
    this.gate = gate;
    this.notifier = notifier;
    this.executor = executor;
  }

  ScalingPolicy policy() {
    return policy;
  }

  Optional<ScaleDecisionRecord> last() {
    return Optional.ofNullable(last);
  }

  private boolean dryRun() {
    return policy.mode() == io.processguard.policy.Mode.DRY_RUN;
  }

  void onTick(ControlContext ctx) {
    if (policy.mode() == io.processguard.policy.Mode.OFF) {
      return;
    }
    long now = ctx.nanoTime();
    collect(ctx);
    reportShed(ctx);
    OptionalDouble signal = ctx.signal(policy.target(), policy.signal());
    if (signal.isEmpty() || !Double.isFinite(signal.getAsDouble())) {
      record(ctx, Double.NaN, Double.NaN, 0, 0, 0, 0, new ScaleDecision.NoSignal(
          "no value for signal '" + policy.signal() + "' of target '" + policy.target() + "'"));
      return;
    }
    double value = signal.getAsDouble();
    int current = dryRun() && simulated >= 0 ? simulated : scalable.current();
    double ratio = policy.ratio(current, value);
    int raw = policy.recommend(current, value);
    remember(now, raw);
    int stabilised = stabilise(current, now, raw);
    int desired = bounded(limit(current, stabilised));
    ScaleDecision decision = decide(now, current, raw, ratio, desired);
    record(ctx, value, ratio, current, raw, stabilised, desired, decision);
    if (decision instanceof ScaleDecision.Scale s) {
      if (dryRun()) {
        steps.addLast(now);
        stepped = true;
        lastStepNanos = now;
        simulated = s.to();
      } else {
        start(ctx, s);
      }
    }
    if (!dryRun()) {
      backpressure(ctx, now, current, value, ratio);
    }
  }

  private ScaleDecision decide(long now, int current, int raw, double ratio, int desired) {
    if (inFlight) {
      return new ScaleDecision.InProgress(inFlightTo);
    }
    if (desired == current) {
      return atMaximum(current, ratio) ? new ScaleDecision.AtMaximum(max(), raw) : new ScaleDecision.Steady(current);
    }
    long cooldown = policy.cooldown().toNanos();
    if (stepped && now - lastStepNanos < cooldown) {
      return new ScaleDecision.WaitCooldown(Duration.ofNanos(cooldown - (now - lastStepNanos)), policy.cooldown());
    }
    int used = stepsInWindow(now);
    if (used >= policy.budget().maxSteps()) {
      return new ScaleDecision.BudgetExhausted(used, policy.budget());
    }
    return new ScaleDecision.Scale(current, desired);
  }

  private boolean atMaximum(int current, double ratio) {
    return current >= max() && policy.aboveTolerance(ratio);
  }

  private int max() {
    return Math.min(policy.maxReplicas(), scalable.max());
  }

  private int bounded(int replicas) {
    int min = Math.max(policy.minReplicas(), scalable.min());
    return Math.max(min, Math.min(max(), replicas));
  }

  /**
   * Keeps the recommendation. A run of equal recommendations keeps only its newest: it leaves
   * every window last, so the older ones can never change a minimum or a maximum.
   */
  private void remember(long now, int raw) {
    Rec newest = history.peekLast();
    if (newest != null && newest.replicas() == raw) {
      history.pollLast();
    }
    history.addLast(new Rec(now, raw));
    long keep = Math.max(policy.scaleUpStabilization().toNanos(), policy.scaleDownStabilization().toNanos());
    while (!history.isEmpty() && now - history.peekFirst().nanos() >= keep) {
      history.removeFirst();
    }
  }

  /** HPA {@code stabilizeRecommendationWithBehaviors}: a record at t counts while now - t < window. */
  private int stabilise(int current, long now, int raw) {
    long upWindow = policy.scaleUpStabilization().toNanos();
    long downWindow = policy.scaleDownStabilization().toNanos();
    int up = raw;
    int down = raw;
    for (Rec r : history) {
      if (now - r.nanos() < upWindow) {
        up = Math.min(up, r.replicas());
      }
      if (now - r.nanos() < downWindow) {
        down = Math.max(down, r.replicas());
      }
    }
    int stabilised = current;
    if (stabilised < up) {
      stabilised = up;
    }
    if (stabilised > down) {
      stabilised = down;
    }
    return stabilised;
  }

  private int limit(int current, int stabilised) {
    if (stabilised > current) {
      return (int) Math.min(stabilised, (long) current + policy.scaleUpLimit().allowance(current));
    }
    return (int) Math.max(stabilised, (long) current - policy.scaleDownLimit().allowance(current));
  }

  private int stepsInWindow(long now) {
    long period = policy.budget().period().toNanos();
    Iterator<Long> it = steps.iterator();
    while (it.hasNext() && now - it.next() >= period) {
      it.remove();
    }
    return steps.size();
  }

  private void start(ControlContext ctx, ScaleDecision.Scale s) {
    steps.addLast(ctx.nanoTime());
    stepped = true;
    lastStepNanos = ctx.nanoTime();
    inFlight = true;
    inFlightTo = s.to();
    try {
      executor.execute(() -> done.set(run(s)));
    } catch (RejectedExecutionException e) {
      done.set(new Outcome(s.from(), s.to(), "scaling executor rejected the step: " + e.getMessage()));
      collect(ctx);
    }
  }

  private Outcome run(ScaleDecision.Scale s) {
    try {
      scalable.scaleTo(s.to());
      return new Outcome(s.from(), s.to(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(s.from(), s.to(), e.toString());
    } catch (Exception | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      LOG.atWarn().setMessage("scalable '{}' failed to scale from {} to {}: {}")
          .addArgument(policy.scalable()).addArgument(s.from()).addArgument(s.to()).addArgument(e.toString())
          .addKeyValue("processguard.component", policy.scalable()).setCause(e).log();
      return new Outcome(s.from(), s.to(), e.toString());
    }
  }

  private void collect(ControlContext ctx) {
    Outcome o = done.getAndSet(null);
    if (o == null) {
      return;
    }
    inFlight = false;
    if (o.error() == null) {
      ctx.publish(new ScaleEvent.Scaled(ctx.now(), policy.target(), policy.name(), policy.scalable(), o.from(), o.to()));
    } else {
      ctx.publish(new ScaleEvent.ScaleFailed(ctx.now(), policy.target(), policy.name(), policy.scalable(),
          o.from(), o.to(), o.error()));
    }
  }

  private void record(ControlContext ctx, double value, double ratio, int current, int raw, int stabilised,
      int desired, ScaleDecision decision) {
    ScaleDecisionRecord r = new ScaleDecisionRecord(ctx.now(), policy.name(), policy.target(), policy.signal(),
        value, policy.targetValue(), ratio, current, raw, stabilised, desired, policy.minReplicas(), max(),
        stepsInWindow(ctx.nanoTime()), policy.budget(), decision, dryRun());
    last = r;
    String key = key(decision);
    if (decision instanceof ScaleDecision.Scale || !key.equals(lastKey)) {
      ctx.publish(new ScaleEvent.DecisionMade(ctx.now(), policy.target(), r));
    }
    lastKey = key;
  }

  private static String key(ScaleDecision d) {
    if (d instanceof ScaleDecision.Steady s) {
      return "steady:" + s.replicas();
    }
    if (d instanceof ScaleDecision.AtMaximum m) {
      return "max:" + m.max();
    }
    return d.getClass().getSimpleName();
  }

  // ---- backpressure ------------------------------------------------------------------------

  private void backpressure(ControlContext ctx, long now, int current, double value, double ratio) {
    Backpressure g = gate;
    if (g == null) {
      return;
    }
    boolean breached = policy.aboveTolerance(ratio);
    boolean atMax = current >= max() && breached;
    if (!atMax) {
      saturated = false;
    } else if (!saturated) {
      saturated = true;
      saturatedSince = now;
    }
    if (atMax && g.isOpen() && now - saturatedSince >= policy.backpressureAfter().toNanos()) {
      engage(ctx, g, now, current, value);
    } else if (!breached && !g.isOpen()) {
      release(ctx, g, now, value);
    }
  }

  private void engage(ControlContext ctx, Backpressure g, long now, int current, double value) {
    if (!g.engage()) {
      return;
    }
    engagedAt = now;
    String reason = String.format(Locale.ROOT, "%s=%.2f above target %.2f (tolerance %.2f) for %d ms at maximum %d replicas",
        policy.signal(), value, policy.targetValue(), policy.tolerance(),
        Duration.ofNanos(now - saturatedSince).toMillis(), current);
    ctx.publish(new ScaleEvent.BackpressureEngaged(ctx.now(), policy.target(), policy.name(), g.name(), reason));
    alert(ctx, Notification.Kind.TRIGGER, g, "backpressure engaged on gate '" + g.name() + "': " + reason, value);
  }

  private void release(ControlContext ctx, Backpressure g, long now, double value) {
    if (!g.release()) {
      return;
    }
    String reason = String.format(Locale.ROOT, "%s=%.2f within target %.2f (tolerance %.2f)",
        policy.signal(), value, policy.targetValue(), policy.tolerance());
    Duration engagedFor = Duration.ofNanos(now - engagedAt);
    ctx.publish(new ScaleEvent.BackpressureReleased(ctx.now(), policy.target(), policy.name(), g.name(),
        engagedFor, reason));
    alert(ctx, Notification.Kind.RESOLVE, g, "backpressure released on gate '" + g.name() + "' after "
        + engagedFor.toMillis() + " ms: " + reason, value);
  }

  private void reportShed(ControlContext ctx) {
    Backpressure g = gate;
    if (g == null) {
      return;
    }
    long total = g.shedTotal();
    if (total > shedReported) {
      Map<String, Long> byReason = g.shedByReason();
      ctx.publish(new ScaleEvent.RecordsShed(ctx.now(), policy.target(), g.name(), total - shedReported, total,
          byReason));
      shedReported = total;
    }
  }

  private void alert(ControlContext ctx, Notification.Kind kind, Backpressure g, String summary, double value) {
    Notifier n = notifier;
    if (n == null) {
      return;
    }
    Optional<Target> target = ctx.status(policy.target()).map(TargetStatus::target);
    Instant at = ctx.now();
    Notification notification = new Notification(policy.target() + "/backpressure/" + g.name(), kind,
        AlertSeverity.WARNING, policy.target(), target.map(t -> t.tier().name()).orElse("UNKNOWN"),
        target.map(Target::rto).orElse(Target.DEFAULT_RTO), policy.target() + ": " + summary, "",
        Map.of(policy.signal(), value), Map.of(policy.signal(), String.format(Locale.ROOT, "target %.2f",
            policy.targetValue())),
        List.of(), target.flatMap(Target::runbook), "", "", at, target.map(Target::tags).orElse(Map.of()));
    try {
      executor.execute(() -> deliver(n, notification));
    } catch (RejectedExecutionException e) {
      LOG.warn("notifier '{}' skipped: scaling executor rejected the delivery", policy.alertTo());
    }
  }

  private void deliver(Notifier n, Notification notification) {
    try {
      n.deliver(notification);
    } catch (Exception e) {
      LOG.atWarn().setMessage("notifier '{}' failed: {}").addArgument(policy.alertTo()).addArgument(e.toString())
          .addKeyValue("processguard.component", policy.alertTo()).setCause(e).log();
    }
  }
}
