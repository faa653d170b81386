package io.processguard.policy;

import static java.util.Objects.requireNonNull;

import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to do when a target's conditions breach: rules mapping conditions to ladders of actions,
 * a restart budget, backoff, a mode, and where to escalate. Data only: components are named,
 * not held, so files and properties bind to the same model as this builder.
 *
 * <pre>{@code
 * Policy policy = Policy.builder("checkout-recovery", "checkout")
 *     .rule("heap-leak", Duration.ofSeconds(30),
 *         Rung.of(ActionSpec.restart("checkout-workers")),
 *         Rung.of(ActionSpec.restart("checkout-workers")),
 *         Rung.of(ActionSpec.markUnready(), ActionSpec.alert("sre")))
 *     .restartBudget(RestartBudget.of(3, Duration.ofMinutes(10)))
 *     .build();
 * }</pre>
 *
 * <p>Immutable. {@link #builder} reports every problem of the spec itself at once; the guard
 * reports unknown names (targets, conditions, components) when the policy is registered.
 *
 * @param name unique policy name
 * @param target the target's name
 * @param mode off, dry-run or enforce
 * @param rules at least one, one per condition
 * @param budget the restart budget of the target
 * @param backoff the delay between restarts
 * @param actionTimeout how long one action may run before it counts as failed
 * @param escalateTo notifiers that receive the one "ladder exhausted" or "budget exhausted" page
 * @param remediation a hint for humans, sent with every alert
 * @param requireApproval capabilities whose actions wait for a human's approval
 * @param approvalTimeout how long an approval request stays open before it expires (deny and escalate)
 * @param onBudgetExhausted quarantine, or ask for approval of one more restart
 */
public record Policy(
    String name,
    String target,
    Mode mode,
    List<Rule> rules,
    RestartBudget budget,
    Backoff backoff,
    Duration actionTimeout,
    List<String> escalateTo,
    String remediation,
    java.util.Set<Capability> requireApproval,
    Duration approvalTimeout,
    BudgetExhaustion onBudgetExhausted) {

  /** Default time an approval request stays open: 15 minutes. */
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(15);

  /** Default time after a rung for the condition to clear: 1 minute. */
  public static final Duration DEFAULT_VERIFY_WITHIN = Duration.ofMinutes(1);

  /** Default action timeout: 30 seconds. */
  public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(30);

  /** The largest ladder: 16 rungs. */
  public static final int MAX_RUNGS = 16;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  /** Validates every field; throws {@link ValidationException} listing all problems. */
  public Policy {
    requireNonNull(mode, "mode");
    rules = List.copyOf(requireNonNull(rules, "rules"));
    requireNonNull(budget, "budget");
    requireNonNull(backoff, "backoff");
    requireNonNull(actionTimeout, "actionTimeout");
    escalateTo = List.copyOf(requireNonNull(escalateTo, "escalateTo"));
    requireNonNull(remediation, "remediation");
    requireApproval = requireApproval.isEmpty() ? java.util.Set.of()
        : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(requireApproval));
    requireNonNull(approvalTimeout, "approvalTimeout");
    requireNonNull(onBudgetExhausted, "onBudgetExhausted");
    List<Problem> problems = validate(name, target, rules, actionTimeout, escalateTo);
    if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
      problems.add(new Problem("policy '" + name + "'", "approvalTimeout", approvalTimeout.toString(), "must be positive"));
    }
    ValidationException.throwIfAny(problems);
  }

  /** Starts a policy for the named target, in {@link Mode#ENFORCE}. */
  public static Builder builder(String name, String target) {
    return new Builder(name, target);
  }

  /** Returns the rule for the named condition, if any. */
  public java.util.Optional<Rule> findRule(String condition) {
    return rules.stream().filter(r -> r.condition().equals(condition)).findFirst();
  }

  /** Returns a copy in another mode. */
  public Policy withMode(Mode newMode) {
    return new Policy(name, target, newMode, rules, budget, backoff, actionTimeout, escalateTo, remediation,
        requireApproval, approvalTimeout, onBudgetExhausted);
  }

  private static List<Problem> validate(
      String name, String target, List<Rule> rules, Duration actionTimeout, List<String> escalateTo) {
    String where = "policy '" + name + "'";
    List<Problem> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add(new Problem(where, "name", String.valueOf(name), "must be 1-128 characters of [A-Za-z0-9._:/-]"));
    }
    if (target == null || target.isBlank()) {
      problems.add(new Problem(where, "target", String.valueOf(target), "must name a target"));
    }
    if (rules.isEmpty()) {
      problems.add(new Problem(where, "rules", "[]", "needs at least one rule"));
    }
    if (actionTimeout.isNegative() || actionTimeout.isZero()) {
      problems.add(new Problem(where, "actionTimeout", actionTimeout.toString(), "must be positive"));
    }
    Set<String> conditions = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      validateRule(where, "rules[" + i + "]", rules.get(i), conditions, problems);
    }
    for (int i = 0; i < escalateTo.size(); i++) {
      if (escalateTo.get(i).isBlank()) {
        problems.add(new Problem(where, "escalateTo[" + i + "]", escalateTo.get(i), "must name a notifier"));
      }
    }
    return problems;
  }

  private static void validateRule(
      String where, String at, Rule rule, Set<String> conditions, List<Problem> problems) {
    if (rule.condition().isBlank()) {
      problems.add(new Problem(where, at + ".condition", rule.condition(), "must name a watched condition"));
    } else if (!conditions.add(rule.condition())) {
      problems.add(new Problem(where, at + ".condition", rule.condition(), "a rule for this condition already exists"));
    }
    if (rule.ladder().isEmpty()) {
      problems.add(new Problem(where, at + ".ladder", "[]", "the ladder needs at least one rung"));
    }
    if (rule.ladder().size() > MAX_RUNGS) {
      problems.add(new Problem(where, at + ".ladder", String.valueOf(rule.ladder().size()),
          "at most " + MAX_RUNGS + " rungs"));
    }
    if (rule.verifyWithin().isNegative() || rule.verifyWithin().isZero()) {
      problems.add(new Problem(where, at + ".verifyWithin", rule.verifyWithin().toString(), "must be positive"));
    }
    for (int r = 0; r < rule.ladder().size(); r++) {
      Rung rung = rule.ladder().get(r);
      if (rung.actions().isEmpty()) {
        problems.add(new Problem(where, at + ".ladder[" + r + "]", "[]", "a rung needs at least one action"));
      }
      for (int a = 0; a < rung.actions().size(); a++) {
        ActionSpec action = rung.actions().get(a);
        if (action.type().needsComponent() && action.component().isBlank()) {
          problems.add(new Problem(where, at + ".ladder[" + r + "].actions[" + a + "]", action.describe(),
              action.type().name().toLowerCase(java.util.Locale.ROOT) + " must name a component"));
        }
      }
    }
  }

  /** Builds a {@link Policy}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String target;
    private Mode mode = Mode.ENFORCE;
    private final List<Rule> rules = new ArrayList<>();
    private RestartBudget budget = RestartBudget.DEFAULT;
    private Backoff backoff = Backoff.DEFAULT;
    private Duration actionTimeout = DEFAULT_ACTION_TIMEOUT;
    private final List<String> escalateTo = new ArrayList<>();
    private String remediation = "";
    private java.util.Set<Capability> requireApproval = Capability.DEFAULT_APPROVAL;
    private Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;
    private BudgetExhaustion onBudgetExhausted = BudgetExhaustion.QUARANTINE;

    private Builder(String name, String target) {
      this.name = name;
      this.target = target;
    }

    /** Sets the mode; default {@link Mode#ENFORCE}. */
    public Builder mode(Mode mode) {
      this.mode = requireNonNull(mode, "mode");
      return this;
    }

    /** Adds a rule with the default verification window. */
    public Builder rule(String condition, Rung... ladder) {
      return rule(condition, DEFAULT_VERIFY_WITHIN, ladder);
    }

    /** Adds a rule: when {@code condition} breaches, climb {@code ladder}. */
    public Builder rule(String condition, Duration verifyWithin, Rung... ladder) {
      rules.add(new Rule(condition, List.of(ladder), verifyWithin));
      return this;
    }

    /** Sets the restart budget; default {@link RestartBudget#DEFAULT}. */
    public Builder restartBudget(RestartBudget budget) {
      this.budget = requireNonNull(budget, "budget");
      return this;
    }

    /** Sets the backoff; default {@link Backoff#DEFAULT}. */
    public Builder backoff(Backoff backoff) {
      this.backoff = requireNonNull(backoff, "backoff");
      return this;
    }

    /** Sets the timeout of each action; default {@link #DEFAULT_ACTION_TIMEOUT}. */
    public Builder actionTimeout(Duration timeout) {
      this.actionTimeout = requireNonNull(timeout, "actionTimeout");
      return this;
    }

    /** Adds notifiers for the one escalation page; default: the log notifier. */
    public Builder escalateTo(String... notifiers) {
      requireNonNull(notifiers, "notifiers");
      for (int i = 0; i < notifiers.length; i++) {
        if (notifiers[i] == null) {
          throw new IllegalArgumentException("policy '" + name + "': escalateTo[" + i + "] must name a notifier, got null");
        }
      }
      escalateTo.addAll(List.of(notifiers));
      return this;
    }

    /** Sets the remediation hint sent with every alert. */
    public Builder remediation(String hint) {
      this.remediation = requireNonNull(hint, "remediation");
      return this;
    }

    /**
     * Sets the capabilities whose actions wait for a human's approval; default {@link
     * Capability#DEFAULT_APPROVAL} (failover and destructive). Pass none to approve nothing.
     */
    public Builder requireApproval(Capability... capabilities) {
      this.requireApproval = capabilities.length == 0 ? java.util.Set.of()
          : java.util.EnumSet.copyOf(List.of(capabilities));
      return this;
    }

    /** Sets how long an approval request stays open; default {@link #DEFAULT_APPROVAL_TIMEOUT}. */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = requireNonNull(timeout, "approvalTimeout");
      return this;
    }

    /** Sets what happens when the restart budget is spent; default {@link BudgetExhaustion#QUARANTINE}. */
    public Builder onBudgetExhausted(BudgetExhaustion what) {
      this.onBudgetExhausted = requireNonNull(what, "onBudgetExhausted");
      return this;
    }

    /** Returns the policy; throws {@link ValidationException} listing every problem. */
    public Policy build() {
      List<String> escalation = escalateTo.isEmpty() ? List.of(ActionSpec.DEFAULT_NOTIFIER) : escalateTo;
      return new Policy(name, target, mode, rules, budget, backoff, actionTimeout, escalation, remediation,
          requireApproval, approvalTimeout, onBudgetExhausted);
    }
  }
}
