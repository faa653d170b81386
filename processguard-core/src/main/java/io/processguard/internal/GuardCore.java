package io.processguard.internal;

import io.processguard.policy.Policy;
import io.processguard.recovery.Incident;
import io.processguard.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Everything a guard is made of, composed: the probe engine, the recovery engine, the
 * component registry and the alert dispatcher. The public facade delegates here.
 */
public final class GuardCore implements AutoCloseable {
  private final Engine engine;
  private final Components components;
  private final RecoveryEngine recovery;
  private final AlertDispatcher alerts;
  private final @Nullable ExecutorService ownedActionExecutor;
  private final @Nullable AutoCloseable router;
  private final java.util.Set<io.processguard.policy.Capability> grants;

  /** Composes a guard core. */
  public GuardCore(Engine engine, Components components, RecoveryEngine recovery, AlertDispatcher alerts,
      @Nullable ExecutorService ownedActionExecutor, @Nullable AutoCloseable router,
      java.util.Set<io.processguard.policy.Capability> grants) {
    this.engine = engine;
    this.components = components;
    this.recovery = recovery;
    this.alerts = alerts;
    this.ownedActionExecutor = ownedActionExecutor;
    this.router = router;
    this.grants = java.util.Set.copyOf(grants);
  }

  /** Returns the capabilities this guard is granted. */
  public java.util.Set<io.processguard.policy.Capability> grants() {
    return grants;
  }

  /** Returns the approval requests waiting for an operator. */
  public List<io.processguard.approval.ApprovalRequest> pendingApprovals() {
    return engine.locked(recovery::pendingApprovals);
  }

  /** Returns recent approval requests (decided ones, then pending ones). */
  public List<io.processguard.approval.ApprovalRequest> approvals() {
    return engine.locked(recovery::approvals);
  }

  /** An operator approves; throws {@link io.processguard.approval.ApprovalException} when refused. */
  public io.processguard.approval.ApprovalRequest approve(String id, String operator, String reason) {
    return engine.locked(() -> {
      var r = recovery.approve(id, operator, reason, engine.ticker().read());
      engine.wakeUp();
      return r;
    });
  }

  /** An operator denies; throws {@link io.processguard.approval.ApprovalException} when refused. */
  public io.processguard.approval.ApprovalRequest deny(String id, String operator, String reason) {
    return engine.locked(() -> recovery.deny(id, operator, reason, engine.ticker().read()));
  }

  /** Returns the probe engine. */
  public Engine engine() {
    return engine;
  }

  /** Returns the component registry. */
  public Components components() {
    return components;
  }

  /** Validates and registers a policy; throws {@link ValidationException} with every problem. */
  public void register(Policy policy) {
    engine.locked(() -> {
      ValidationException.throwIfAny(PolicyValidator.validate(policy, engine, components, recovery, grants));
      recovery.register(policy);
      return null;
    });
  }

  /**
   * Replaces every registered policy with {@code policies} in one step under the engine lock, so
   * no cycle sees a half-applied set; throws {@link ValidationException} with every problem and
   * changes nothing if any policy of the set is invalid.
   */
  public void replacePolicies(List<Policy> policies) {
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i) == null) {
        throw new IllegalArgumentException("policies[" + i + "] must not be null");
      }
    }
    List<Policy> next = List.copyOf(policies);
    engine.locked(() -> {
      ValidationException.throwIfAny(PolicyValidator.validateSet(next, engine, components, grants));
      recovery.replace(next);
      engine.wakeUp();
      return null;
    });
  }

  /**
   * Replaces targets (changed or new) and the whole policy set in one step under the engine lock:
   * a cycle sees either everything old or everything new. Every problem of every target and policy
   * is reported at once and nothing changes then. A replaced target starts afresh (its conditions
   * clear, its probes rescheduled) and its open incidents are closed into the history.
   */
  public void replace(List<io.processguard.target.TargetSpec> targetSpecs, List<Policy> policies) {
    for (int i = 0; i < targetSpecs.size(); i++) {
      if (targetSpecs.get(i) == null) {
        throw new IllegalArgumentException("targets[" + i + "] must not be null");
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i) == null) {
        throw new IllegalArgumentException("policies[" + i + "] must not be null");
      }
    }
    List<io.processguard.target.TargetSpec> specs = List.copyOf(targetSpecs);
    List<Policy> next = List.copyOf(policies);
    engine.locked(() -> {
      List<io.processguard.validation.Problem> problems = new ArrayList<>();
      specs.forEach(t -> problems.addAll(engine.checkProbes(t)));
      ValidationException.throwIfAny(problems);
      java.util.Map<String, @Nullable TargetRuntime> swapped = new java.util.LinkedHashMap<>();
      for (io.processguard.target.TargetSpec t : specs) {
        TargetRuntime current = engine.runtime(t.target().name());
        if (current == null || !current.spec().equals(t)) {
          swapped.put(t.target().name(), engine.swapIn(t));
        }
      }
      List<io.processguard.validation.Problem> policyProblems = PolicyValidator.validateSet(next, engine, components, grants);
      if (!policyProblems.isEmpty()) {
        swapped.forEach(engine::swapBack);
        engine.publishIfChanged();
        throw new ValidationException(policyProblems);
      }
      swapped.keySet().forEach(recovery::targetReplaced);
      recovery.replace(next);
      engine.publishIfChanged();
      engine.wakeUp();
      return null;
    });
  }

  /** Publishes an event to the listeners under the engine lock, as the engine's own events are. */
  public void publish(io.processguard.event.GuardEvent event) {
    engine.locked(() -> {
      engine.publish(event);
      return null;
    });
  }

  /** Returns the registered policies in registration order. */
  public List<Policy> policies() {
    return engine.locked(() -> new ArrayList<>(recovery.policies().values()));
  }

  /** Returns a target's incidents, oldest first (closed, then open). */
  public List<Incident> incidents(String target) {
    return engine.locked(() -> recovery.incidents(target));
  }

  /** Returns the quarantined targets. */
  public List<String> quarantined() {
    return engine.locked(recovery::quarantined);
  }

  /** Resets a quarantined target on an operator's word; returns false if it was not quarantined. */
  public boolean resetQuarantine(String target, String operator, String reason) {
    return engine.locked(() -> {
      boolean reset = recovery.resetQuarantine(target, operator, reason, engine.ticker().read());
      engine.wakeUp();
      return reset;
    });
  }

  @Override
  public void close() {
    engine.close();
    alerts.close();
    if (router != null) {
      Guarded.run("alert router", () -> {
        try {
          router.close();
        } catch (Exception e) {
          throw new IllegalStateException(e.toString(), e);
        }
      });
    }
    if (ownedActionExecutor != null) {
      ownedActionExecutor.shutdownNow();
    }
  }
}
