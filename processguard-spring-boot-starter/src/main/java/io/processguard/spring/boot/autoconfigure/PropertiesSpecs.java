package io.processguard.spring.boot.autoconfigure;

import io.processguard.approval.ApprovalPolicy;
import io.processguard.audit.AuditConfig;
import io.processguard.audit.AuditKey;
import io.processguard.condition.Condition;
import io.processguard.condition.SignalCondition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.BudgetExhaustion;
import io.processguard.policy.Capability;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rule;
import io.processguard.policy.Rung;
import io.processguard.spring.boot.autoconfigure.ProcessGuardProperties.ConditionProperties;
import io.processguard.spring.boot.autoconfigure.ProcessGuardProperties.PolicyProperties;
import io.processguard.spring.boot.autoconfigure.ProcessGuardProperties.ProbeProperties;
import io.processguard.spring.boot.autoconfigure.ProcessGuardProperties.RuleProperties;
import io.processguard.spring.boot.autoconfigure.ProcessGuardProperties.TargetProperties;
import io.processguard.target.ProbeBinding;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.WatchedCondition;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code processguard.*} properties into the core model ({@link TargetSpec}, {@link
 * Policy}), translating every core problem into a {@link PropertyProblem} on the property path.
 * Not thread-safe: one instance per binding.
 */
public final class PropertiesSpecs {
  static final String PREFIX = "processguard";
  private static final Pattern ACTION_INDEX = Pattern.compile("\\.actions\\[\\d+]");
  private static final Pattern CAMEL = Pattern.compile("([a-z])([A-Z])");

  private final List<PropertyProblem> problems = new ArrayList<>();

  /** Returns the problems found so far. */
  public List<PropertyProblem> problems() {
    return List.copyOf(problems);
  }

  /** Converts the targets; a target with problems is left out and its problems recorded. */
  public Map<String, TargetSpec> targets(ProcessGuardProperties properties) {
    Map<String, TargetSpec> specs = new LinkedHashMap<>();
    properties.getTargets().forEach((name, t) -> target(name, t).ifPresent(s -> specs.put(name, s)));
    return specs;
  }

  /** Converts the policies; a policy with problems is left out and its problems recorded. */
  public Map<String, Policy> policies(ProcessGuardProperties properties) {
    Map<String, Policy> policies = new LinkedHashMap<>();
    properties.getPolicies().forEach((name, p) -> policy(name, p).ifPresent(s -> policies.put(name, s)));
    return policies;
  }

  /** Records the problems of a core {@link ValidationException} under a property path. */
  public void record(String path, ValidationException e) {
    for (Problem p : e.problems()) {
      problems.add(new PropertyProblem(path + "." + propertyField(p.field()), p.message(), p.value()));
    }
  }

  /** Returns the path of a target's properties. */
  public static String targetPath(String name) {
    return PREFIX + ".targets." + key(name);
  }

  /** Returns the path of a policy's properties. */
  public static String policyPath(String name) {
    return PREFIX + ".policies." + key(name);
  }

  private Optional<TargetSpec> target(String name, TargetProperties t) {
    String path = targetPath(name);
    int before = problems.size();
    Target target = attempt(path, String.valueOf(name), () -> {
      Target.Builder b = Target.builder(name).tier(t.getTier()).rto(t.getRto()).owner(t.getOwner());
      if (t.getRunbook() != null) {
        b.runbook(t.getRunbook());
      }
      t.getTags().forEach(b::tag);
      return b.build();
    });
    List<ProbeBinding> probes = new ArrayList<>();
    t.getProbes().forEach((probe, p) -> {
      ProbeBinding binding = attempt(path + ".probes." + key(probe), String.valueOf(p.getInterval()), () -> bind(probe, p));
      if (binding != null) {
        probes.add(binding);
      }
    });
    if (t.getProbes().isEmpty()) {
      problems.add(new PropertyProblem(path + ".probes", "a target needs at least one probe (a Probe bean name)", "{}"));
    }
    List<WatchedCondition> conditions = new ArrayList<>();
    t.getConditions().forEach((condition, c) -> {
      String at = path + ".conditions." + key(condition);
      Condition built = condition(at, c);
      WatchedCondition watched = built == null ? null
          : attempt(at, condition, () -> new WatchedCondition(condition, c.getSeverity(), built));
      if (watched != null) {
        conditions.add(watched);
      }
    });
    if (target == null || problems.size() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TargetSpec(target, probes, conditions, Map.of()));
    } catch (ValidationException e) {
      record(path, e);
      return Optional.empty();
    }
  }

  private static ProbeBinding bind(String probe, ProbeProperties p) {
    return p.getTimeout() == null ? ProbeBinding.of(probe, p.getInterval())
        : new ProbeBinding(probe, p.getInterval(), p.getTimeout());
  }

  private @Nullable Condition condition(String at, ConditionProperties c) {
    List<String> triggers = new ArrayList<>();
    if (c.getAbove() != null) {
      triggers.add("above");
    }
    if (c.getAtLeast() != null) {
      triggers.add("at-least");
    }
    if (c.getBelow() != null) {
      triggers.add("below");
    }
    if (c.getAtMost() != null) {
      triggers.add("at-most");
    }
    if (c.getProbeDown() != null) {
      triggers.add("probe-down");
    }
    if (triggers.size() != 1) {
      problems.add(new PropertyProblem(at, "needs exactly one of above, at-least, below, at-most, probe-down",
          String.join(", ", triggers)));
      return null;
    }
    String probeDown = c.getProbeDown();
    if (probeDown == null && (c.getSignal() == null || c.getSignal().isBlank())) {
      problems.add(new PropertyProblem(at + ".signal", "a threshold needs the signal it reads", String.valueOf(c.getSignal())));
      return null;
    }
    return attempt(at, triggers.get(0), () -> {
      SignalCondition s = probeDown != null ? Condition.probeDown(probeDown) : threshold(c);
      if (c.getFlapping() != null) {
        s = s.flapping(c.getFlapping().getBreaches(), c.getFlapping().getWindow());
      } else {
        s = s.forSamples(c.getForSamples()).forDuration(c.getForDuration());
      }
      if (c.getClearBelow() != null) {
        s = s.clearBelow(c.getClearBelow());
      }
      if (c.getClearAbove() != null) {
        s = s.clearAbove(c.getClearAbove());
      }
      return s.clearAfter(c.getClearAfter());
    });
  }

  @SuppressWarnings("NullAway")
  private static SignalCondition threshold(ConditionProperties c) {
    SignalCondition.On on = Condition.signal(String.valueOf(c.getSignal()));
    if (c.getAbove() != null) {
      return on.above(c.getAbove());
    }
    if (c.getAtLeast() != null) {
      return on.atLeast(c.getAtLeast());
    }
    if (c.getBelow() != null) {
      return on.below(c.getBelow());
    }
    return on.atMost(java.util.Objects.requireNonNull(c.getAtMost()));
  }

  private Optional<Policy> policy(String name, PolicyProperties p) {
    String path = policyPath(name);
    int before = problems.size();
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < p.getRules().size(); i++) {
      RuleProperties r = p.getRules().get(i);
      List<Rung> ladder = new ArrayList<>();
      for (int k = 0; k < r.getLadder().size(); k++) {
        Rung rung = rung(path + ".rules[" + i + "].ladder[" + k + "]", r.getLadder().get(k));
        if (rung != null) {
          ladder.add(rung);
        }
      }
      rules.add(new Rule(r.getCondition() == null ? "" : r.getCondition(), ladder, r.getVerifyWithin()));
    }
    RestartBudget budget = attempt(path + ".restart-budget", String.valueOf(p.getRestartBudget().getMaxRestarts()),
        () -> RestartBudget.of(p.getRestartBudget().getMaxRestarts(), p.getRestartBudget().getPeriod()));
    var b = p.getBackoff();
    Backoff backoff = attempt(path + ".backoff", String.valueOf(b.getInitial()),
        () -> new Backoff(b.getInitial(), b.getMultiplier(), b.getMax(), b.getJitter(), b.getResetAfter()));
    List<Capability> approval = p.getRequireApproval() == null ? null
        : capabilities(path + ".require-approval", p.getRequireApproval());
    BudgetExhaustion exhaustion = exhaustion(path + ".on-budget-exhausted", p.getOnBudgetExhausted());
    if (budget == null || backoff == null || exhaustion == null || problems.size() > before) {
      return Optional.empty();
    }
    try {
      Policy.Builder builder = Policy.builder(name, p.getTarget() == null ? "" : p.getTarget())
          .mode(p.getMode()).restartBudget(budget).backoff(backoff).actionTimeout(p.getActionTimeout())
          .escalateTo(p.getEscalateTo().toArray(String[]::new)).remediation(p.getRemediation())
          .approvalTimeout(p.getApprovalTimeout()).onBudgetExhausted(exhaustion);
      if (approval != null) {
        builder.requireApproval(approval.toArray(Capability[]::new));
      }
      rules.forEach(rule -> builder.rule(rule.condition(), rule.verifyWithin(), rule.ladder().toArray(Rung[]::new)));
      return Optional.of(builder.build());
    } catch (ValidationException e) {
      record(path, e);
      return Optional.empty();
    }
  }

  /** Parses one rung: actions joined by '+'. */
  private @Nullable Rung rung(String at, String text) {
    List<ActionSpec> actions = new ArrayList<>();
    for (String part : text.split("\\+")) {
      ActionSpec action = action(part.trim());
      if (action == null) {
        problems.add(new PropertyProblem(at,
            "each action must be restart:NAME, alert:NAME, alert, mark-unready, failover:NAME or custom:NAME, "
                + "joined by '+'", text));
        return null;
      }
      actions.add(action);
    }
    return new Rung(actions);
  }

  /** Parses one action, such as {@code restart:checkout-workers}; null when it is not one. */
  public static @Nullable ActionSpec action(String text) {
    int colon = text.indexOf(':');
    String verb = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    String name = colon < 0 ? "" : text.substring(colon + 1).trim();
    switch (verb) {
      case "restart":
        return name.isEmpty() ? null : ActionSpec.restart(name);
      case "alert":
        return name.isEmpty() ? ActionSpec.alert() : ActionSpec.alert(name);
      case "mark-unready":
        return colon < 0 ? ActionSpec.markUnready() : null;
      case "failover":
        return name.isEmpty() ? null : ActionSpec.failover(name);
      case "custom":
        return name.isEmpty() ? null : ActionSpec.custom(name);
      default:
        return null;
    }
  }

  /** Converts {@code processguard.grants}; empty when unset (the core's default grants apply). */
  public Optional<List<Capability>> grants(ProcessGuardProperties properties) {
    List<String> grants = properties.getGrants();
    return grants == null ? Optional.empty() : Optional.of(capabilities(PREFIX + ".grants", grants));
  }

  /** Converts {@code processguard.approvals.*}. */
  public ApprovalPolicy approvals(ProcessGuardProperties properties) {
    ApprovalsProperties a = properties.getApprovals();
    checkIdentities(PREFIX + ".approvals.approvers", a.getApprovers());
    checkIdentities(PREFIX + ".approvals.automated", a.getAutomated());
    return new ApprovalPolicy(Set.copyOf(a.getApprovers()), Set.copyOf(a.getAutomated()));
  }

  /**
   * Converts {@code processguard.audit.*} into the log's path and config; empty without a path.
   * {@code environment} looks environment variables up (returns null when unset).
   */
  public Optional<Map.Entry<Path, AuditConfig>> audit(ProcessGuardProperties properties,
      Function<String, @Nullable String> environment) {
    AuditProperties a = properties.getAudit();
    Path path = a.getPath();
    if (path == null) {
      return Optional.empty();
    }
    String at = PREFIX + ".audit";
    if ((a.getKeyEnv() == null) == (a.getKeyFile() == null)) {
      problems.add(new PropertyProblem(at, "a file audit log needs exactly one of key-env, key-file",
          a.getKeyEnv() == null ? "neither" : "both"));
      return Optional.empty();
    }
    String keyEnv = a.getKeyEnv();
    Path keyFile = a.getKeyFile();
    AuditKey key = keyEnv != null
        ? attempt(at + ".key-env", keyEnv, () -> AuditKey.fromEnvironment(keyEnv, environment))
        : attempt(at + ".key-file", String.valueOf(keyFile), () -> keyFile(java.util.Objects.requireNonNull(keyFile)));
    String fsync = a.getFsync().trim().toLowerCase(Locale.ROOT);
    if (!"every-entry".equals(fsync) && !"batched".equals(fsync)) {
      problems.add(new PropertyProblem(at + ".fsync", "must be every-entry or batched", a.getFsync()));
      return Optional.empty();
    }
    if (key == null) {
      return Optional.empty();
    }
    AuditConfig config = attempt(at, fsync, () -> {
      AuditConfig.Builder b = AuditConfig.builder(key);
      return ("batched".equals(fsync) ? b.fsyncBatched(a.getBatchMaxDelay(), a.getBatchMaxEntries()) : b).build();
    });
    return config == null ? Optional.empty() : Optional.of(Map.entry(path, config));
  }

  private static AuditKey keyFile(Path file) {
    try {
      return AuditKey.fromFile(file);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("cannot read the key file: " + e.getCause().getMessage(), e);
    }
  }

  private void checkIdentities(String at, List<String> identities) {
    for (int i = 0; i < identities.size(); i++) {
      if (identities.get(i) == null || identities.get(i).isBlank()) {
        problems.add(new PropertyProblem(at + "[" + i + "]", "an identity must not be blank", ""));
      }
    }
  }

  private List<Capability> capabilities(String at, List<String> names) {
    List<Capability> capabilities = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = String.valueOf(names.get(i));
      try {
        capabilities.add(Capability.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        problems.add(new PropertyProblem(at + "[" + i + "]",
            "must be one of observe, alert, restart, scale, requeue, failover, destructive", name));
      }
    }
    return capabilities;
  }

  private @Nullable BudgetExhaustion exhaustion(String at, String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "quarantine":
        return BudgetExhaustion.QUARANTINE;
      case "require-approval":
        return BudgetExhaustion.REQUIRE_APPROVAL;
      default:
        problems.add(new PropertyProblem(at, "must be quarantine or require-approval", text));
        return null;
    }
  }

  /**
   * Reports every property under {@code processguard.targets} and {@code processguard.policies}
   * that binds to nothing, such as {@code conditions.backlog.for-sample}: a misspelt key there
   * would otherwise be ignored and the guard would run with the default.
   */
  public void unknownKeys(org.springframework.core.env.Environment environment) {
    Binder binder = Binder.get(environment);
    unknownKeys(binder, "processguard.targets",
        Bindable.mapOf(String.class, ProcessGuardProperties.TargetProperties.class));
    unknownKeys(binder, "processguard.policies",
        Bindable.mapOf(String.class, ProcessGuardProperties.PolicyProperties.class));
  }

  private void unknownKeys(Binder binder, String prefix, Bindable<?> target) {
    try {
      binder.bind(prefix, target, new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
    } catch (BindException e) {
      if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
        for (ConfigurationProperty p : unbound.getUnboundProperties()) {
          problems.add(new PropertyProblem(p.getName().toString(),
              "unknown property", String.valueOf(p.getValue())));
        }
      }
      // Any other binding failure is Spring's own, already reported when the properties were bound.
    }
  }

  private <T> @Nullable T attempt(String path, String value, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (ValidationException e) {
      record(path, e);
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(problem(path, String.valueOf(e.getMessage()), value));
    }
    return null;
  }

  /**
   * A core message usually ends with the value it refused ({@code ..., got PT0S}): that value is
   * the one shown, once, instead of the property's own.
   */
  static PropertyProblem problem(String path, String message, String value) {
    int got = message.lastIndexOf(", got ");
    if (got < 0) {
      return new PropertyProblem(path, message, value);
    }
    String refused = message.substring(got + ", got ".length());
    if (refused.length() >= 2 && refused.startsWith("'") && refused.endsWith("'")) {
      refused = refused.substring(1, refused.length() - 1);
    }
    return new PropertyProblem(path, message.substring(0, got), refused);
  }

  /** Maps a core field path ({@code rules[0].ladder[1].actions[0]}) to its property path. */
  static String propertyField(String field) {
    String withoutActions = ACTION_INDEX.matcher(field).replaceAll("");
    Matcher m = CAMEL.matcher(withoutActions);
    return m.replaceAll(r -> r.group(1) + "-" + r.group(2).toLowerCase(Locale.ROOT));
  }

  private static String key(String name) {
    return name.matches("[A-Za-z0-9_-]+") ? name : "[" + name + "]";
  }
}
