package io.processguard.config;

import io.processguard.policy.ActionSpec;
import io.processguard.policy.ActionType;
import io.processguard.policy.Backoff;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Binds the {@code policies:} section: rules, ladders, restart budget and backoff, rollout. */
final class PolicyBinder {
  static final List<String> MODES = List.of("off", "dry-run", "enforce");
  static final List<String> ACTION_WORDS = List.of("restart", "alert", "custom", "mark-unready", "failover");
  static final List<String> CAPABILITIES =
      List.of("observe", "alert", "restart", "scale", "requeue", "failover", "destructive");
  static final List<String> EXHAUSTION = List.of("quarantine", "require-approval");

  /** Returns the action type a document word names. */
  static ActionType actionType(String word) {
    return ActionType.valueOf(word.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  private final Ctx ctx;

  PolicyBinder(Ctx ctx) {
    this.ctx = ctx;
  }

  /**
   * A policy with where its parts are written, for the document-wide reference checks.
   *
   * @param policy the policy
   * @param rollout its rollout
   * @param targetLine the line of {@code target:}
   * @param ruleLines the line of each rule, by condition
   * @param refs every component name used, with its path and line
   */
  record Bound(Policy policy, Rollout rollout, int targetLine, Map<String, Integer> ruleLines, List<Ref> refs) {}

  /**
   * A component name used by a policy.
   *
   * @param kind what it must name
   * @param name the name
   * @param path where
   * @param line the line
   */
  record Ref(ActionType kind, String name, String path, int line) {}

  @Nullable Bound policy(String name, Node node, String path) {
    int before = ctx.problems.size();
    Node.MapNode m = ctx.map(node, path, Keys.POLICY);
    if (m == null) {
      return null;
    }
    List<Ref> refs = new ArrayList<>();
    Node tn = ctx.require(m, path, "target");
    String target = tn == null ? null : ctx.text(tn, path + ".target");
    Policy.Builder b = Policy.builder(name, target == null ? "x" : target);
    Node n;
    if ((n = Ctx.get(m, "mode")) != null) {
      Mode mode = mode(n, path + ".mode");
      if (mode != null) {
        b.mode(mode);
      }
    }
    Map<String, Integer> ruleLines = new java.util.LinkedHashMap<>();
    rules(m, path, b, refs, ruleLines);
    restart(m, path, b);
    if ((n = Ctx.get(m, "actionTimeout")) != null) {
      Duration d = ctx.positive(n, path + ".actionTimeout");
      if (d != null) {
        b.actionTimeout(d);
      }
    }
    if ((n = Ctx.get(m, "escalateTo")) != null) {
      List<String> to = ctx.texts(n, path + ".escalateTo");
      for (int i = 0; i < to.size(); i++) {
        refs.add(new Ref(ActionType.ALERT, to.get(i), path + ".escalateTo" + (n instanceof Node.ListNode ? "[" + i + "]" : ""),
            n instanceof Node.ListNode ? ((Node.ListNode) n).items().get(i).line() : n.line()));
      }
      b.escalateTo(to.toArray(new String[0]));
    }
    if ((n = Ctx.get(m, "remediation")) != null) {
      String r = ctx.text(n, path + ".remediation");
      if (r != null) {
        b.remediation(r);
      }
    }
    approvals(m, path, b);
    Rollout rollout = (n = Ctx.get(m, "rollout")) == null ? Rollout.NONE : new RolloutBinder(ctx).rollout(n, path + ".rollout");
    if (ctx.problems.size() > before) {
      return null;
    }
    try {
      return new Bound(b.build(), rollout, tn == null ? m.line() : tn.line(), ruleLines, refs);
    } catch (ValidationException e) {
      e.problems().forEach(p -> ctx.problem(node.line(), path + "." + p.field(), p.value(), p.message()));
      return null;
    }
  }

  private void approvals(Node.MapNode m, String path, Policy.Builder b) {
    Node n;
    if ((n = Ctx.get(m, "requireApproval")) != null) {
      List<io.processguard.policy.Capability> caps = new ArrayList<>();
      List<Node> items = n instanceof Node.ListNode ? ((Node.ListNode) n).items() : List.of(n);
      for (int i = 0; i < items.size(); i++) {
        String w = ctx.word(items.get(i), path + ".requireApproval" + (n instanceof Node.ListNode ? "[" + i + "]" : ""),
            CAPABILITIES);
        if (w != null) {
          caps.add(io.processguard.policy.Capability.values()[CAPABILITIES.indexOf(w)]);
        }
      }
      b.requireApproval(caps.toArray(new io.processguard.policy.Capability[0]));
    }
    if ((n = Ctx.get(m, "approvalTimeout")) != null) {
      Duration d = ctx.positive(n, path + ".approvalTimeout");
      if (d != null) {
        b.approvalTimeout(d);
      }
    }
    if ((n = Ctx.get(m, "onBudgetExhausted")) != null) {
      String w = ctx.word(n, path + ".onBudgetExhausted", EXHAUSTION);
      if (w != null) {
        b.onBudgetExhausted(io.processguard.policy.BudgetExhaustion.values()[EXHAUSTION.indexOf(w)]);
      }
    }
  }

  private @Nullable Mode mode(Node n, String path) {
    if (n instanceof Node.Scalar && ((Node.Scalar) n).type() == Node.ScalarType.BOOLEAN
        && "false".equals(((Node.Scalar) n).text())) {
      return Mode.OFF; // YAML 1.1 readers turn a bare `off` into false
    }
    String w = ctx.word(n, path, MODES);
    return w == null ? null : Mode.values()[MODES.indexOf(w)];
  }

  private void rules(Node.MapNode m, String path, Policy.Builder b, List<Ref> refs, Map<String, Integer> lines) {
    String at = path + ".rules";
    Node n = ctx.require(m, path, "rules");
    Node.MapNode rules = n == null ? null : ctx.named(n, at);
    if (rules == null) {
      return;
    }
    if (rules.entries().isEmpty()) {
      ctx.problem(rules, at, "needs at least one rule");
    }
    for (Map.Entry<String, Node.Entry> e : rules.entries().entrySet()) {
      String p = at + "." + e.getKey();
      lines.put(e.getKey(), e.getValue().keyLine());
      Node.MapNode r = ctx.map(e.getValue().value(), p, Keys.RULE);
      if (r == null) {
        continue;
      }
      Duration verify = io.processguard.policy.Policy.DEFAULT_VERIFY_WITHIN;
      Node vn = Ctx.get(r, "verifyWithin");
      if (vn != null) {
        Duration d = ctx.positive(vn, p + ".verifyWithin");
        verify = d == null ? verify : d;
      }
      Node ln = ctx.require(r, p, "ladder");
      List<Rung> ladder = ln == null ? List.of() : ladder(ln, p + ".ladder", refs);
      if (!ladder.isEmpty()) {
        b.rule(e.getKey(), verify, ladder.toArray(new Rung[0]));
      }
    }
  }

  private List<Rung> ladder(Node n, String path, List<Ref> refs) {
    if (!(n instanceof Node.ListNode) || ((Node.ListNode) n).items().isEmpty()) {
      ctx.problem(n, path, "must be a list of at least one rung");
      return List.of();
    }
    List<Node> items = ((Node.ListNode) n).items();
    if (items.size() > Policy.MAX_RUNGS) {
      ctx.problem(n, path, "at most " + Policy.MAX_RUNGS + " rungs, has " + items.size());
    }
    List<Rung> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      Node rung = items.get(i);
      List<ActionSpec> actions = new ArrayList<>();
      if (rung instanceof Node.ListNode) {
        List<Node> as = ((Node.ListNode) rung).items();
        if (as.isEmpty()) {
          ctx.problem(rung, p, "a rung needs at least one action");
        }
        for (int a = 0; a < as.size(); a++) {
          ActionSpec spec = action(as.get(a), p + "[" + a + "]", refs);
          if (spec != null) {
            actions.add(spec);
          }
        }
      } else {
        ActionSpec spec = action(rung, p, refs);
        if (spec != null) {
          actions.add(spec);
        }
      }
      out.add(new Rung(actions));
    }
    return out;
  }

  /** An action: {@code mark-unready}, {@code alert}, or a one-key map such as {@code restart: workers}. */
  private @Nullable ActionSpec action(Node n, String path, List<Ref> refs) {
    if (n instanceof Node.Scalar) {
      String w = ctx.text(n, path);
      if ("mark-unready".equals(w)) {
        return ActionSpec.markUnready();
      }
      if ("alert".equals(w)) {
        return ActionSpec.alert();
      }
      if (w != null) {
        ctx.problem(n, path, ACTION_WORDS.contains(w) ? w + " needs a component name, as in '" + w + ": name'"
            : "unknown action; " + Ctx.unknownKey(w, Keys.BY_KIND.get(Keys.ACTION)).replace("unknown key; ", ""));
      }
      return null;
    }
    Node.MapNode m = ctx.map(n, path, Keys.ACTION);
    if (m == null) {
      return null;
    }
    if (m.entries().size() != 1) {
      ctx.problem(n, path, "an action is one of " + ACTION_WORDS + " with its component, as in 'restart: workers'");
      return null;
    }
    Map.Entry<String, Node.Entry> e = m.entries().entrySet().iterator().next();
    if (!ACTION_WORDS.contains(e.getKey())) {
      return null; // already reported as an unknown key
    }
    if (e.getKey().equals("mark-unready")) {
      return ActionSpec.markUnready();
    }
    String name = ctx.text(e.getValue().value(), path + "." + e.getKey());
    if (name == null) {
      return null;
    }
    if (name.isBlank()) {
      ctx.problem(e.getValue().value(), path + "." + e.getKey(), "must name a component");
      return null;
    }
    ActionType type = actionType(e.getKey());
    refs.add(new Ref(type, name, path + "." + e.getKey(), e.getValue().value().line()));
    return new ActionSpec(type, name);
  }

  private void restart(Node.MapNode m, String path, Policy.Builder b) {
    Node n = Ctx.get(m, "restart");
    String at = path + ".restart";
    Node.MapNode r = n == null ? null : ctx.map(n, at, Keys.RESTART);
    if (r == null) {
      return;
    }
    Node bn = Ctx.get(r, "budget");
    Node.MapNode budget = bn == null ? null : ctx.map(bn, at + ".budget", Keys.BUDGET);
    if (budget != null) {
      Node mx = Ctx.get(budget, "max");
      Node pn = Ctx.get(budget, "period");
      Integer max = mx == null ? Integer.valueOf(RestartBudget.DEFAULT.maxRestarts()) : ctx.integer(mx, at + ".budget.max", 1);
      Duration period = pn == null ? RestartBudget.DEFAULT.period() : ctx.positive(pn, at + ".budget.period");
      if (max != null && period != null) {
        b.restartBudget(RestartBudget.of(max, period));
      }
    }
    Node kn = Ctx.get(r, "backoff");
    Node.MapNode backoff = kn == null ? null : ctx.map(kn, at + ".backoff", Keys.BACKOFF);
    if (backoff != null) {
      Backoff bo = backoff(backoff, at + ".backoff");
      if (bo != null) {
        b.backoff(bo);
      }
    }
  }

  private @Nullable Backoff backoff(Node.MapNode m, String path) {
    Backoff d = Backoff.DEFAULT;
    Node n;
    Duration initial = (n = Ctx.get(m, "initial")) == null ? d.initial() : ctx.duration(n, path + ".initial");
    Double multiplier = (n = Ctx.get(m, "multiplier")) == null ? Double.valueOf(d.multiplier()) : ctx.number(n, path + ".multiplier");
    if (multiplier != null && multiplier < 1) {
      ctx.problem(n, path + ".multiplier", "must be at least 1");
      multiplier = null;
    }
    Node maxNode = Ctx.get(m, "max");
    Duration max = maxNode == null ? d.max() : ctx.duration(maxNode, path + ".max");
    Double jitter = (n = Ctx.get(m, "jitter")) == null ? Double.valueOf(d.jitter()) : ctx.number(n, path + ".jitter");
    if (jitter != null && !(jitter >= 0 && jitter < 1)) {
      ctx.problem(n, path + ".jitter", "must be at least 0 and below 1");
      jitter = null;
    }
    Duration reset = (n = Ctx.get(m, "resetAfter")) == null ? d.resetAfter() : ctx.positive(n, path + ".resetAfter");
    if (initial == null || multiplier == null || max == null || jitter == null || reset == null) {
      return null;
    }
    if (max.compareTo(initial) < 0) {
      ctx.problem(maxNode == null ? m : maxNode, path + ".max",
          "must be at least initial (" + TargetBinder.text(initial) + ")");
      return null;
    }
    return new Backoff(initial, multiplier, max, jitter, reset);
  }

  /** Binds a rollout section. */
  private static final class RolloutBinder {
    private final Ctx ctx;

    RolloutBinder(Ctx ctx) {
      this.ctx = ctx;
    }

    Rollout rollout(Node node, String path) {
      Node.MapNode m = ctx.map(node, path, Keys.ROLLOUT);
      if (m == null) {
        return Rollout.NONE;
      }
      Node cn = Ctx.get(m, "canary");
      Node sn = Ctx.get(m, "steps");
      Double canary = cn == null ? Double.valueOf(1.0) : ctx.fraction(cn, path + ".canary", 0, 1);
      if (cn != null && sn != null) {
        ctx.problem(sn, path + ".steps", "cannot be combined with canary: the first step is the canary");
      }
      List<Rollout.Step> steps = sn == null ? List.of() : steps(sn, path + ".steps");
      Optional<Rollout.Normal> normal = Optional.empty();
      Node nn = Ctx.get(m, "normal");
      Node.MapNode nm = nn == null ? null : ctx.map(nn, path + ".normal", Keys.NORMAL);
      if (nm != null) {
        Node a = Ctx.get(nm, "actionsPerHour");
        Node r = Ctx.get(nm, "restartsPerHour");
        if (a == null && r == null) {
          ctx.problem(nm, path + ".normal", "needs actionsPerHour or restartsPerHour");
        }
        Integer actions = a == null ? Integer.valueOf(Integer.MAX_VALUE) : ctx.integer(a, path + ".normal.actionsPerHour", 0);
        Integer restarts = r == null ? Integer.valueOf(Integer.MAX_VALUE) : ctx.integer(r, path + ".normal.restartsPerHour", 0);
        if (actions != null && restarts != null) {
          normal = Optional.of(new Rollout.Normal(actions, restarts));
        }
      }
      Optional<Rollout.Rollback> rollback = Optional.empty();
      Node rn = Ctx.get(m, "rollback");
      Node.MapNode rm = rn == null ? null : ctx.map(rn, path + ".rollback", Keys.ROLLBACK);
      if (rm != null) {
        if (nm == null) {
          ctx.problem(rm, path + ".rollback", "needs rollout.normal: a rollback is triggered by an action rate above normal");
        }
        Node to = Ctx.get(rm, "to");
        String w = to == null ? "previous" : ctx.word(to, path + ".rollback.to", List.of("previous", "dry-run"));
        List<String> page = Ctx.get(rm, "page") == null ? List.of() : ctx.texts(Ctx.get(rm, "page"), path + ".rollback.page");
        if (w != null) {
          rollback = Optional.of(new Rollout.Rollback(
              w.equals("previous") ? Rollout.RollbackTo.PREVIOUS : Rollout.RollbackTo.DRY_RUN, page));
        }
      }
      return new Rollout(canary == null ? 1.0 : canary, steps, normal, rollback);
    }

    private List<Rollout.Step> steps(Node n, String path) {
      if (!(n instanceof Node.ListNode) || ((Node.ListNode) n).items().isEmpty()) {
        ctx.problem(n, path, "must be a list of at least one step");
        return List.of();
      }
      List<Rollout.Step> out = new ArrayList<>();
      List<Node> items = ((Node.ListNode) n).items();
      for (int i = 0; i < items.size(); i++) {
        String p = path + "[" + i + "]";
        Node.MapNode s = ctx.map(items.get(i), p, Keys.STEP);
        if (s == null) {
          continue;
        }
        Node an = ctx.require(s, p, "after");
        Node fn = ctx.require(s, p, "fraction");
        Duration after = an == null ? null : ctx.duration(an, p + ".after");
        Double f = fn == null ? null : ctx.fraction(fn, p + ".fraction", 0, 1);
        if (after == null || f == null) {
          continue;
        }
        if (!out.isEmpty() && after.compareTo(out.get(out.size() - 1).after()) <= 0) {
          ctx.problem(an, p + ".after", "must be later than the previous step ("
              + TargetBinder.text(out.get(out.size() - 1).after()) + ")");
        } else if (!out.isEmpty() && f < out.get(out.size() - 1).fraction()) {
          ctx.problem(fn, p + ".fraction", "must not be below the previous step's ("
              + Ctx.fmt(out.get(out.size() - 1).fraction()) + ")");
        } else {
          out.add(new Rollout.Step(after, f));
        }
      }
      return out;
    }
  }
}
