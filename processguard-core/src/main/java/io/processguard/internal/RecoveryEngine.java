package io.processguard.internal;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.processguard.alert.AlertSeverity;
import io.processguard.alert.Notification;
import io.processguard.condition.Transition;
import io.processguard.policy.ActionSpec;
import io.processguard.approval.ApprovalPolicy;
import io.processguard.policy.ActionType;
import io.processguard.policy.BudgetExhaustion;
import io.processguard.policy.Decision;
import io.processguard.policy.DecisionRecord;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.PolicyDecider;
import io.processguard.policy.RecoveryView;
import io.processguard.policy.Rule;
import io.processguard.policy.Rung;
import io.processguard.recovery.ActionContext;
import io.processguard.recovery.ActionOutcome;
import io.processguard.recovery.Incident;
import io.processguard.recovery.RecoveryAction;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.recovery.Restartable;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The recovery engine: turns condition transitions into decisions ({@link PolicyDecider}),
 * decisions into actions, and follows each breach as an incident to its verified recovery.
 *
 * <p>Runs inside the {@link Engine}'s cycle, under its lock, on one thread at a time. Actions
 * that call user code (restart, custom) run on the action executor and are watched against
 * their timeout on the engine's ticker, so virtual time works the same as real time. A rung
 * holds one permit of a Resilience4j {@link Bulkhead}: at most {@code maxConcurrentRecoveries}
 * rungs run at once; the others wait for a slot. File over 500 lines: it is the one place that
 * sequences a recovery (decide, gate on approval, act, verify, escalate), and splitting that
 * state machine would scatter it; approvals, failovers and the audit trail live in their own
 * classes ({@link ApprovalDesk}, {@link FailoverRunner}, {@link AuditTrail}).
 */
public final class RecoveryEngine implements Reactor {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(java.time.ZoneOffset.UTC);

  private final Engine engine;
  private final Components components;
  private final Executor actionExecutor;
  private final AlertDispatcher alerts;
  private final AuditTrail audit;
  private final ApprovalDesk desk;
  private final FailoverRunner failovers;
  private final Bulkhead bulkhead;
  private final int historyPerTarget;
  private final Map<String, TargetRecovery> targets = new LinkedHashMap<>();
  private final Map<String, Policy> policies = new LinkedHashMap<>();
  private final Map<String, ArrayDeque<Incident>> history = new HashMap<>();
  private final List<PendingAction> inFlight = new ArrayList<>();
  /** Every rule state of every target, flat, so that a cycle walks them without allocating. */
  private final List<RuleState> allRules = new ArrayList<>();
  private final ConcurrentLinkedQueue<PendingAction> completions = new ConcurrentLinkedQueue<>();
  private long incidentSeq;
  private io.processguard.fleet.@Nullable FleetCoordinator fleet;
  private io.processguard.fleet.FleetCoordinator.@Nullable Permit granted;

  /** Creates a recovery engine and attaches it to the engine. */
  public RecoveryEngine(Engine engine, Components components, Executor actionExecutor, AlertDispatcher alerts,
      int maxConcurrentRecoveries, int historyPerTarget, io.processguard.audit.@Nullable AuditLog auditLog,
      io.processguard.approval.ApprovalPolicy approvalPolicy) {
    this.engine = engine;
    this.components = components;
    this.actionExecutor = actionExecutor;
    this.alerts = alerts;
    this.historyPerTarget = historyPerTarget;
    this.audit = new AuditTrail(auditLog);
    this.desk = new ApprovalDesk(engine, audit, approvalPolicy);
    this.failovers = new FailoverRunner(name -> engine.snapshot().find(name));
    desk.onOutcome(new ApprovalDesk.Outcome() {
      @Override
      public void approved(ApprovalDesk.Pending p, long now) {
        onApproved(p, now);
      }

      @Override
      public void refused(ApprovalDesk.Pending p, io.processguard.approval.ApprovalRequest decided, long now) {
        onRefused(p, decided, now);
      }
    });
    this.bulkhead = Bulkhead.of("processguard-recoveries", BulkheadConfig.custom()
        .maxConcurrentCalls(maxConcurrentRecoveries).maxWaitDuration(Duration.ZERO).build());
    engine.addReactor(this);
  }

  /**
   * Coordinates with a fleet: restart and failover rungs first take a fleet permit, approvals are
   * shared, audit entries are copied to the fleet trail. Call once, before the guard starts.
   */
  public void fleet(io.processguard.fleet.FleetCoordinator coordinator) {
    this.fleet = requireNonNull(coordinator, "fleet");
    audit.fleet(coordinator);
    desk.fleet(coordinator);
  }

  // ---- registration -----------------------------------------------------------------------

  /** Registers a policy; validated by {@link PolicyValidator} first. Call with the engine lock. */
  void register(Policy policy) {
    policies.put(policy.name(), policy);
    TargetRecovery tr = targets.computeIfAbsent(policy.target(), TargetRecovery::new);
    for (Rule rule : policy.rules()) {
      RuleState rs = new RuleState(policy, rule);
      tr.rules.add(rs);
      allRules.add(rs);
    }
  }

  /**
   * Swaps the whole policy set at once; validated by {@link PolicyValidator#validateSet} first.
   * A rule of the new set for a target and condition that a rule already handled takes over its
   * state in place (open incident, rung, backoff), so incidents of unchanged rules continue; an
   * incident whose rule is gone is closed into the history. Call with the engine lock.
   */
  void replace(List<Policy> next) {
    Map<String, RuleState> old = new HashMap<>();
    for (TargetRecovery tr : targets.values()) {
      tr.rules.forEach(rs -> old.put(tr.target + "/" + rs.rule.condition(), rs));
      tr.rules.clear();
    }
    policies.clear();
    for (Policy policy : next) {
      policies.put(policy.name(), policy);
      TargetRecovery tr = targets.computeIfAbsent(policy.target(), TargetRecovery::new);
      for (Rule rule : policy.rules()) {
        RuleState rs = old.remove(policy.target() + "/" + rule.condition());
        if (rs == null) {
          rs = new RuleState(policy, rule);
        } else {
          rs.policy = policy;
          rs.rule = rule;
        }
        tr.rules.add(rs);
      }
    }
    allRules.clear();
    targets.values().forEach(tr -> allRules.addAll(tr.rules));
    for (RuleState rs : old.values()) {
      IncidentState inc = rs.incident;
      if (inc != null) {
        inc.log(engine.clock().instant(), "closed: the new policy set has no rule for " + inc.condition);
        inc.status = Incident.Status.CLOSED;
        archive(inc.snapshot());
        rs.idle();
        settle(inc.target);
      }
    }
  }

  /**
   * A target's probes or conditions were replaced (a policy reload): its open incidents are
   * closed into the history, since their conditions start afresh, and its readiness, which the
   * fresh runtime has restored, is announced. The budget and backoff history are kept. Call with
   * the engine lock.
   */
  void targetReplaced(String target) {
    TargetRecovery tr = targets.get(target);
    TargetRuntime t = engine.runtime(target);
    if (tr == null || t == null) {
      return;
    }
    for (RuleState rs : tr.rules) {
      IncidentState inc = rs.incident;
      if (inc != null) {
        inc.log(engine.clock().instant(), "closed: the target's probes or conditions were replaced by a reload");
        inc.status = Incident.Status.CLOSED;
        desk.cancel(inc, "the target's conditions were replaced by a reload");
        archive(inc.snapshot());
        rs.idle();
      }
    }
    if (tr.quarantined) {
      t.overlay = null;
    }
    if (tr.markedUnready) {
      tr.markedUnready = false;
      engine.publish(new RecoveryEvent.ReadinessChanged(engine.clock().instant(), target, true,
          "the target was replaced by a reload"));
    }
    engine.markDirty(t);
  }

  private void settle(String target) {
    TargetRecovery tr = targets.get(target);
    TargetRuntime t = engine.runtime(target);
    if (tr == null || t == null || tr.anyOpenIncident()) {
      return;
    }
    if (t.overlay == TargetState.RECOVERING) {
      t.overlay = null;
    }
    if (tr.markedUnready) {
      setReady(t, tr, true, "no policy handles the incident any more");
    }
    engine.rederive(t);
    engine.markDirty(t);
  }

  Map<String, Policy> policies() {
    return policies;
  }

  /** Returns the rule state handling a condition of a target, if any. */
  @Nullable RuleState ruleFor(String target, String condition) {
    TargetRecovery tr = targets.get(target);
    return tr == null ? null : tr.rule(condition);
  }

  // ---- reacting ---------------------------------------------------------------------------

  @Override
  public void onTransition(TargetRuntime t, ConditionRuntime c, Transition transition, long now) {
    TargetRecovery tr = targets.get(t.name());
    RuleState rs = tr == null ? null : tr.rule(c.name());
    if (rs == null || rs.policy.mode() == Mode.OFF) {
      return;
    }
    if (transition == Transition.BREACHED) {
      open(t, c, rs, now);
      decide(tr, rs, now);
    } else if (rs.incident != null) {
      recover(t, tr, rs, now);
    }
  }

  private void open(TargetRuntime t, ConditionRuntime c, RuleState rs, long now) {
    Instant at = engine.clock().instant();
    Instant firstBad = at.minusNanos(Math.max(0, now - c.evaluator().firstBadNanos()));
    String id = t.name() + "-" + ID_TIME.format(at) + "-" + (++incidentSeq);
    IncidentState inc = new IncidentState(id, t.name(), c.name(), firstBad, at,
        c.evaluator().reason(), c.evaluator().lastValues());
    inc.log(at, "breached: " + c.evaluator().reason());
    rs.incident = inc;
    rs.nextRung = 0;
    audit.write(ApprovalPolicy.AUTOMATION, "incident.opened", t.name(), "open",
        Map.of("incident", id, "condition", c.name(), "reason", inc.reason));
    engine.publish(new RecoveryEvent.IncidentOpened(at, t.name(), inc.snapshot()));
  }

  private void recover(TargetRuntime t, TargetRecovery tr, RuleState rs, long now) {
    IncidentState inc = requireNonNull(rs.incident);
    Instant at = engine.clock().instant();
    inc.recoveredAt = at;
    inc.status = Incident.Status.RECOVERED;
    inc.log(at, "recovered: condition cleared");
    desk.cancel(inc, "the incident recovered before anyone decided");
    rs.idle();
    audit.write(ApprovalPolicy.AUTOMATION, "incident.recovered", t.name(), "recovered",
        Map.of("incident", inc.id, "timeToDetect", Duration.between(inc.firstBadAt, inc.breachedAt).toString(),
            "timeToRecover", Duration.between(inc.breachedAt, at).toString()));
    archive(inc.snapshot());
    if (!tr.anyOpenIncident()) {
      t.overlay = null;
      if (tr.markedUnready) {
        setReady(t, tr, true, "recovered from " + inc.condition);
      }
    }
    engine.rederive(t);
    engine.markDirty(t);
    engine.publish(new RecoveryEvent.IncidentRecovered(at, t.name(), inc.snapshot()));
    for (Map.Entry<String, String> page : inc.alerted.entrySet()) {
      alerts.send(page.getValue(), notification(page.getKey(), t.target(), rs, inc, Notification.Kind.RESOLVE,
          AlertSeverity.INFO, t.name() + ": " + inc.condition + " recovered after "
              + seconds(Duration.between(inc.breachedAt, at))));
    }
  }

  private void decide(TargetRecovery tr, RuleState rs, long now) {
    IncidentState inc = rs.incident;
    TargetRuntime t = engine.runtime(tr.target);
    if (inc == null || t == null) {
      return;
    }
    Policy policy = rs.policy;
    RecoveryView view = new RecoveryView(rs.nextRung,
        tr.restartsWithin(now, policy.budget().period().toNanos()), tr.streak, tr.sinceLastRestart(now),
        tr.quarantined);
    boolean dry = policy.mode() == Mode.DRY_RUN;
    Decision d = gate(rs, inc, PolicyDecider.decide(policy, rs.rule, view), dry);
    boolean permit = false;
    if (d instanceof Decision.Act && !dry) {
      permit = bulkhead.tryAcquirePermission();
      if (!permit) {
        d = new Decision.WaitForSlot(bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
      }
    }
    io.processguard.fleet.FleetCoordinator.Permit fleetPermit = permit ? fleetPermit(tr, d) : null;
    if (fleetPermit != null && !fleetPermit.granted()) {
      bulkhead.onComplete();
      permit = false;
      d = new Decision.WaitForFleetBudget(fleetPermit.refusal());
      fleetPermit = null;
    }
    Instant at = engine.clock().instant();
    ConditionRuntime c = t.condition(rs.rule.condition());
    String reason = c == null ? inc.reason : c.evaluator().reason();
    String failure = audit.write(ApprovalPolicy.AUTOMATION, dry ? "decision.dry_run" : "decision", tr.target,
        d.getClass().getSimpleName(), Map.of("decision", d.describe(), "policy", policy.name(), "incident", inc.id,
            "condition", rs.rule.condition(), "reason", reason, "rung", rs.nextRung + 1,
            "restartsInWindow", view.restartsInWindow()));
    if (failure != null && !dry && (d instanceof Decision.Act || d instanceof Decision.NeedsApproval)) {
      if (permit) {
        bulkhead.onComplete();
      }
      if (fleetPermit != null) {
        requireNonNull(fleet).release(fleetPermit);
        fleetPermit = null;
      }
      d = new Decision.Suppressed("the audit log is unavailable, so nothing is done (" + failure + ")");
    }
    DecisionRecord record = new DecisionRecord(at, policy.name(), tr.target, rs.rule.condition(), inc.id, d, dry,
        reason, c == null ? inc.values : c.evaluator().lastValues(), view, policy.budget());
    engine.publish(new RecoveryEvent.DecisionMade(at, tr.target, record));
    inc.log(at, (dry ? "dry-run: would " : "decision: ") + d.describe());
    if (d instanceof Decision.NeedsApproval ask && !dry) {
      rs.phase(RuleState.Phase.WAITING_APPROVAL, Long.MAX_VALUE);
      desk.open(ask.requestId(), rs, inc, rs.nextRung, ask.beyondBudget(), ask.actions(), record, now);
      return;
    }
    granted = fleetPermit;
    apply(t, tr, rs, inc, d, view, dry, now);
  }

  /** Asks the fleet for a permit when the rung disrupts (restart or failover); null when no fleet or no need. */
  private io.processguard.fleet.FleetCoordinator.@Nullable Permit fleetPermit(TargetRecovery tr, Decision d) {
    if (fleet == null || !(d instanceof Decision.Act act)) {
      return null;
    }
    List<String> leaders = new ArrayList<>();
    boolean disrupts = false;
    for (ActionSpec a : act.rung().actions()) {
      io.processguard.policy.Capability cap = components.capabilityOf(a);
      disrupts |= cap == io.processguard.policy.Capability.RESTART || cap == io.processguard.policy.Capability.FAILOVER;
      if (a.type() == ActionType.FAILOVER) {
        leaders.add("failover:" + a.component());
      }
    }
    return disrupts ? fleet.acquire(tr.target + ": " + act.rung().describe(), leaders) : null;
  }

  /** Turns a decision into a request for approval where the policy says a human must agree. */
  private Decision gate(RuleState rs, IncidentState inc, Decision d, boolean dry) {
    Policy policy = rs.policy;
    if (d instanceof Decision.BudgetExhausted && policy.onBudgetExhausted() == BudgetExhaustion.REQUIRE_APPROVAL) {
      Rung rung = rs.rule.ladder().get(rs.nextRung);
      if (rs.approvedBeyondBudget) {
        return new Decision.Act(rs.nextRung, rung);
      }
      return new Decision.NeedsApproval(dry ? "" : desk.nextId(inc), describe(rung), true);
    }
    if (d instanceof Decision.Act act && rs.approvedRung != act.rungIndex() && needsApproval(policy, act.rung())) {
      return new Decision.NeedsApproval(dry ? "" : desk.nextId(inc), describe(act.rung()), false);
    }
    return d;
  }

  private boolean needsApproval(Policy policy, Rung rung) {
    for (ActionSpec a : rung.actions()) {
      if (policy.requireApproval().contains(components.capabilityOf(a))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> describe(Rung rung) {
    return rung.actions().stream().map(ActionSpec::describe).toList();
  }

  private void onApproved(ApprovalDesk.Pending p, long now) {
    RuleState rs = p.rule;
    if (rs.incident != p.incident || rs.phase != RuleState.Phase.WAITING_APPROVAL) {
      return;
    }
    if (p.beyondBudget) {
      rs.approvedBeyondBudget = true;
    } else {
      rs.approvedRung = p.rung;
    }
    rs.phase(RuleState.Phase.IDLE, Long.MAX_VALUE);
    decide(requireNonNull(targets.get(p.incident.target)), rs, now);
  }

  private void onRefused(ApprovalDesk.Pending p, io.processguard.approval.ApprovalRequest decided, long now) {
    RuleState rs = p.rule;
    TargetRuntime t = engine.runtime(p.incident.target);
    TargetRecovery tr = targets.get(p.incident.target);
    if (rs.incident != p.incident || t == null || tr == null) {
      return;
    }
    rs.phase(RuleState.Phase.STOPPED, Long.MAX_VALUE);
    String why = "approval " + decided.status().name().toLowerCase(java.util.Locale.ROOT) + " for "
        + String.join(" + ", decided.actions()) + ": " + decided.decisionReason();
    if (p.beyondBudget) {
      quarantine(t, tr, why);
    } else if (t.overlay == TargetState.RECOVERING) {
      t.overlay = null;
      engine.rederive(t);
    }
    escalate(t, rs, p.incident, why);
  }

  private void apply(TargetRuntime t, TargetRecovery tr, RuleState rs, IncidentState inc, Decision d,
      RecoveryView view, boolean dry, long now) {
    if (d instanceof Decision.Act act) {
      act(t, tr, rs, inc, act, view, dry, now);
    } else if (d instanceof Decision.WaitBackoff wait) {
      rs.phase(RuleState.Phase.WAITING, now + wait.remaining().toNanos());
    } else if (d instanceof Decision.WaitForSlot) {
      rs.phase(RuleState.Phase.WAITING_FOR_SLOT, Long.MAX_VALUE);
    } else if (d instanceof Decision.WaitForFleetBudget) {
      rs.phase(RuleState.Phase.WAITING, now + requireNonNull(fleet).retryInterval().toNanos());
    } else if (d instanceof Decision.BudgetExhausted) {
      rs.phase(RuleState.Phase.STOPPED, Long.MAX_VALUE);
      if (!dry) {
        quarantine(t, tr, d.describe());
        escalate(t, rs, inc, d.describe() + "; restarts at " + restartHistory(tr, now));
      }
    } else if (d instanceof Decision.LadderExhausted) {
      rs.phase(RuleState.Phase.STOPPED, Long.MAX_VALUE);
      if (!dry) {
        if (t.overlay == TargetState.RECOVERING) {
          t.overlay = null;
          engine.rederive(t);
        }
        escalate(t, rs, inc, d.describe());
      }
    } else {
      rs.phase(RuleState.Phase.STOPPED, Long.MAX_VALUE);
    }
  }

  private void act(TargetRuntime t, TargetRecovery tr, RuleState rs, IncidentState inc, Decision.Act act,
      RecoveryView view, boolean dry, long now) {
    Rung rung = act.rung();
    rs.approvedBeyondBudget = false;
    if (rung.restarts()) {
      tr.recordRestart(now, PolicyDecider.streak(rs.policy, view) + 1);
    }
    Instant at = engine.clock().instant();
    if (inc.engagedAt == null) {
      inc.engagedAt = at;
    }
    if (dry) {
      rs.phase(RuleState.Phase.VERIFYING, now + rs.rule.verifyWithin().toNanos());
      return;
    }
    if (t.overlay != TargetState.QUARANTINED) {
      t.overlay = TargetState.RECOVERING;
      t.overlayReason = "recovering from " + inc.condition + ": rung " + (act.rungIndex() + 1) + ": " + rung.describe();
      engine.rederive(t);
    }
    RungRun run = new RungRun(rs, inc, act.rungIndex(), rung.actions().size());
    run.permit = granted;
    granted = null;
    rs.phase(RuleState.Phase.ACTING, Long.MAX_VALUE);
    for (ActionSpec action : rung.actions()) {
      start(t, tr, run, action, now);
    }
  }

  private void start(TargetRuntime t, TargetRecovery tr, RungRun run, ActionSpec action, long now) {
    Instant at = engine.clock().instant();
    run.incident.actions.add(action.describe());
    run.incident.log(at, "started " + action.describe());
    engine.publish(new RecoveryEvent.ActionStarted(at, t.name(), run.incident.id, action, run.rung));
    if (action.type() == ActionType.MARK_UNREADY) {
      setReady(t, tr, false, "marked unready by policy " + run.rule.policy.name() + " for " + run.incident.condition);
      complete(run, action, ActionOutcome.SUCCEEDED, "", 0, now);
    } else if (action.type() == ActionType.ALERT) {
      Severity sev = sevOf(t, run.incident.condition);
      page(t, run.rule, run.incident, action.component(), run.incident.id + "/" + action.component(),
          sev == Severity.CRITICAL ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
          t.name() + ": " + run.incident.condition + " (" + run.incident.reason + ")");
      complete(run, action, ActionOutcome.SUCCEEDED, "", 0, now);
    } else {
      submit(run, action, body(t, run, action), now);
    }
  }

  private Callable<@Nullable String> body(TargetRuntime t, RungRun run, ActionSpec action) {
    Duration timeout = run.rule.policy.actionTimeout();
    if (action.type() == ActionType.RESTART) {
      Restartable r = components.findRestartable(action.component()).orElseThrow();
      return () -> {
        r.stop(timeout.dividedBy(2));
        r.start();
        return null;
      };
    }
    if (action.type() == ActionType.FAILOVER) {
      io.processguard.recovery.Failover f = components.findFailover(action.component()).orElseThrow();
      String lease = "failover:" + action.component();
      java.util.Optional<io.processguard.recovery.FencingToken> token = run.permit == null ? java.util.Optional.empty()
          : run.permit.token(lease).map(v -> new io.processguard.recovery.FencingToken(lease, v));
      return () -> failovers.run(f, token);
    }
    RecoveryAction custom = components.findAction(action.component()).orElseThrow();
    ActionContext ctx = new ActionContext(t.name(), run.incident.condition, run.incident.id, run.incident.values, timeout);
    return () -> {
      custom.execute(ctx);
      return null;
    };
  }

  private void submit(RungRun run, ActionSpec action, Callable<@Nullable String> body, long now) {
    PendingAction p = new PendingAction(run, action, now + run.rule.policy.actionTimeout().toNanos(), now);
    p.run = new TimedRun<>(body, now, () -> {
      completions.add(p);
      engine.wakeUp();
    });
    inFlight.add(p);
    try {
      actionExecutor.execute(p.run);
    } catch (RejectedExecutionException e) {
      inFlight.remove(p);
      p.done = true;
      complete(run, action, ActionOutcome.REJECTED, "action executor saturated", 0, now);
    }
  }

  private void complete(RungRun run, ActionSpec action, ActionOutcome outcome, String detail, long tookNanos,
      long now) {
    Instant at = engine.clock().instant();
    run.incident.log(at, action.describe() + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
        + (detail.isEmpty() ? "" : ": " + detail));
    audit.write(ApprovalPolicy.AUTOMATION, "action." + action.type().name().toLowerCase(java.util.Locale.ROOT),
        run.incident.target, outcome.name().toLowerCase(java.util.Locale.ROOT),
        Map.of("incident", run.incident.id, "action", action.describe(), "detail", detail,
            "took", Duration.ofNanos(tookNanos).toString()));
    engine.publish(new RecoveryEvent.ActionCompleted(at, run.incident.target, run.incident.id, action, outcome, detail,
        Duration.ofNanos(tookNanos)));
    run.failed |= !outcome.ok();
    if (--run.pending > 0) {
      return;
    }
    bulkhead.onComplete();
    if (run.permit != null) {
      requireNonNull(fleet).release(run.permit);
    }
    RuleState rs = run.rule;
    if (rs.incident == run.incident && rs.phase == RuleState.Phase.ACTING) {
      if (run.failed) {
        rs.nextRung++;
        TargetRecovery tr = requireNonNull(targets.get(run.incident.target));
        decide(tr, rs, now);
      } else {
        rs.phase(RuleState.Phase.VERIFYING, now + rs.rule.verifyWithin().toNanos());
      }
    }
    retryWaitingForSlot(now);
  }

  private void retryWaitingForSlot(long now) {
    for (TargetRecovery tr : targets.values()) {
      for (RuleState rs : tr.rules) {
        if (rs.phase == RuleState.Phase.WAITING_FOR_SLOT && bulkhead.getMetrics().getAvailableConcurrentCalls() > 0) {
          decide(tr, rs, now);
        }
      }
    }
  }

  @Override
  public void onTick(long now) {
    desk.onTick(now);
    PendingAction p;
    while ((p = completions.poll()) != null) {
      finish(p, now);
    }
    expire(now);
    for (int i = 0; i < allRules.size(); i++) {
      RuleState rs = allRules.get(i);
      if (rs.deadline <= now) {
        due(requireNonNull(targets.get(rs.policy.target())), rs, now);
      }
    }
  }

  private void finish(PendingAction p, long now) {
    TimedRun<@Nullable String> run = p.run;
    if (run == null || run.busy()) {
      return;
    }
    inFlight.remove(p);
    if (p.done) {
      return;
    }
    p.done = true;
    Throwable failure = run.failure();
    String result = run.result();
    complete(p.rung, p.action, failure == null ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED,
        failure != null ? failure.toString() : result == null ? "" : result, now - p.startedNanos, now);
  }

  private void expire(long now) {
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      if (i >= inFlight.size()) {
        continue;
      }
      PendingAction p = inFlight.get(i);
      TimedRun<@Nullable String> run = p.run;
      if (p.done || run == null || now < p.deadline) {
        continue;
      }
      p.done = true;
      run.timedOut = true;
      run.abandon();
      if (!run.busy()) {
        inFlight.remove(p);
      }
      complete(p.rung, p.action, ActionOutcome.TIMED_OUT, "timed out after " + p.rung.rule.policy.actionTimeout(),
          now - p.startedNanos, now);
    }
  }

  private void due(TargetRecovery tr, RuleState rs, long now) {
    IncidentState inc = rs.incident;
    if (inc == null) {
      rs.idle();
      return;
    }
    if (rs.phase == RuleState.Phase.VERIFYING) {
      inc.log(engine.clock().instant(), "not recovered within " + rs.rule.verifyWithin() + " after rung " + (rs.nextRung + 1));
      rs.nextRung++;
    }
    rs.phase(RuleState.Phase.IDLE, Long.MAX_VALUE);
    decide(tr, rs, now);
  }

  @Override
  public long nextWakeNanos() {
    long next = desk.nextWakeNanos();
    for (int i = 0; i < allRules.size(); i++) {
      next = Math.min(next, allRules.get(i).deadline);
    }
    for (int i = 0; i < inFlight.size(); i++) {
      PendingAction p = inFlight.get(i);
      if (!p.done) {
        next = Math.min(next, p.deadline);
      }
    }
    return next;
  }

  // ---- quarantine, readiness, escalation ----------------------------------------------------

  private void quarantine(TargetRuntime t, TargetRecovery tr, String reason) {
    tr.quarantined = true;
    audit.write(ApprovalPolicy.AUTOMATION, "quarantine", t.name(), "quarantined", Map.of("reason", reason));
    t.overlay = TargetState.QUARANTINED;
    t.overlayReason = "quarantined: " + reason + "; an operator must reset it";
    engine.rederive(t);
    engine.publish(new RecoveryEvent.Quarantined(engine.clock().instant(), t.name(), reason));
  }

  /** Resets a quarantined target; returns false if it was not quarantined. Call with the lock. */
  boolean resetQuarantine(String target, String operator, String reason, long now) {
    TargetRecovery tr = targets.get(target);
    TargetRuntime t = engine.runtime(target);
    if (tr == null || t == null || !tr.quarantined) {
      return false;
    }
    String failure = audit.write(operator, "quarantine.reset", target, "reset", Map.of("reason", reason));
    if (failure != null) {
      throw new IllegalStateException("target '" + target + "' not reset: the audit log is unavailable (" + failure + ")");
    }
    tr.quarantined = false;
    tr.restarts.clear();
    tr.streak = 0;
    tr.restarted = false;
    if (t.overlay == TargetState.QUARANTINED) {
      t.overlay = null;
    }
    engine.rederive(t);
    engine.markDirty(t);
    engine.publish(new RecoveryEvent.QuarantineReset(engine.clock().instant(), target, operator, reason));
    for (RuleState rs : tr.rules) {
      if (rs.incident != null && rs.phase == RuleState.Phase.STOPPED) {
        rs.incident.log(engine.clock().instant(), "quarantine reset by " + operator + ": " + reason);
        decide(tr, rs, now);
      }
    }
    return true;
  }

  private void setReady(TargetRuntime t, TargetRecovery tr, boolean ready, String reason) {
    if (t.ready == ready) {
      return;
    }
    t.ready = ready;
    tr.markedUnready = !ready;
    engine.markDirty(t);
    engine.publish(new RecoveryEvent.ReadinessChanged(engine.clock().instant(), t.name(), ready, reason));
  }

  private void escalate(TargetRuntime t, RuleState rs, IncidentState inc, String reason) {
    if (inc.escalated) {
      return;
    }
    inc.escalated = true;
    inc.status = Incident.Status.ESCALATED;
    Instant at = engine.clock().instant();
    inc.log(at, "escalated: " + reason);
    audit.write(ApprovalPolicy.AUTOMATION, "escalation", t.name(), "escalated",
        Map.of("incident", inc.id, "reason", reason, "to", rs.policy.escalateTo()));
    engine.publish(new RecoveryEvent.Escalated(at, t.name(), inc.id, reason));
    for (String notifier : rs.policy.escalateTo()) {
      page(t, rs, inc, notifier, inc.id + "/" + notifier + "/escalation", AlertSeverity.CRITICAL,
          t.name() + ": " + inc.condition + " needs a human: " + reason);
    }
  }

  private void page(TargetRuntime t, RuleState rs, IncidentState inc, String channel, String key,
      AlertSeverity severity, String summary) {
    inc.alerted.put(key, channel);
    alerts.send(channel, notification(key, t.target(), rs, inc, Notification.Kind.TRIGGER, severity, summary));
  }

  private String restartHistory(TargetRecovery tr, long now) {
    List<String> out = new ArrayList<>();
    for (long r : tr.restarts) {
      out.add(Duration.ofNanos(now - r) + " ago");
    }
    return out.toString();
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }

  private static Severity sevOf(TargetRuntime t, String condition) {
    ConditionRuntime c = t.condition(condition);
    return c == null ? Severity.CRITICAL : c.watched().severity();
  }

  private Notification notification(String key, Target target, RuleState rs, IncidentState inc,
      Notification.Kind kind, AlertSeverity severity, String summary) {
    TargetRuntime t = engine.runtime(target.name());
    ConditionRuntime c = t == null ? null : t.condition(inc.condition);
    Map<String, String> thresholds = new LinkedHashMap<>();
    if (c != null) {
      thresholds.put(inc.condition, c.watched().condition().describe());
    }
    return new Notification(key, kind, severity, target.name(), target.tier().name(), target.rto(), summary,
        "incident " + inc.id + ", " + inc.reason, inc.values, thresholds, inc.actions, target.runbook(),
        rs.policy.remediation(), inc.id, engine.clock().instant(), target.tags());
  }

  // ---- queries ----------------------------------------------------------------------------

  private void archive(Incident incident) {
    ArrayDeque<Incident> h = history.computeIfAbsent(incident.target(), k -> new ArrayDeque<>());
    h.addLast(incident);
    while (h.size() > historyPerTarget) {
      h.pollFirst();
    }
  }

  /** Returns the target's incidents, oldest first: closed ones from the history, then open ones. */
  List<Incident> incidents(String target) {
    List<Incident> out = new ArrayList<>(history.getOrDefault(target, new ArrayDeque<>()));
    TargetRecovery tr = targets.get(target);
    if (tr != null) {
      for (RuleState rs : tr.rules) {
        if (rs.incident != null) {
          out.add(rs.incident.snapshot());
        }
      }
    }
    return out;
  }

  /** An operator approves a request. */
  io.processguard.approval.ApprovalRequest approve(String id, String operator, String reason, long now) {
    return desk.approve(id, operator, reason, now);
  }

  /** An operator denies a request. */
  io.processguard.approval.ApprovalRequest deny(String id, String operator, String reason, long now) {
    return desk.deny(id, operator, reason, now);
  }

  List<io.processguard.approval.ApprovalRequest> pendingApprovals() {
    return desk.pending();
  }

  List<io.processguard.approval.ApprovalRequest> approvals() {
    return desk.all();
  }

  /** Returns the names of the quarantined targets. */
  List<String> quarantined() {
    return targets.values().stream().filter(tr -> tr.quarantined).map(tr -> tr.target).toList();
  }

  /** One rung being executed. */
  private static final class RungRun {
    final RuleState rule;
    final IncidentState incident;
    final int rung;
    int pending;
    boolean failed;
    io.processguard.fleet.FleetCoordinator.@Nullable Permit permit;

    RungRun(RuleState rule, IncidentState incident, int rung, int pending) {
      this.rule = rule;
      this.incident = incident;
      this.rung = rung;
      this.pending = pending;
    }
  }

  /** One action of a rung on the action executor. */
  private static final class PendingAction {
    final RungRun rung;
    final ActionSpec action;
    final long deadline;
    final long startedNanos;
    @Nullable TimedRun<@Nullable String> run;
    boolean done;

    PendingAction(RungRun rung, ActionSpec action, long deadline, long startedNanos) {
      this.rung = rung;
      this.action = action;
      this.deadline = deadline;
      this.startedNanos = startedNanos;
    }
  }
}
