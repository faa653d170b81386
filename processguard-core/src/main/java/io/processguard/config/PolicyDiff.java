package io.processguard.config;

import io.processguard.condition.Condition;
import io.processguard.condition.SignalCondition;
import io.processguard.policy.Policy;
import io.processguard.policy.Rule;
import io.processguard.policy.Rung;
import io.processguard.target.ProbeBinding;
import io.processguard.target.TargetSpec;
import io.processguard.target.WatchedCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Explains in words what a new version of the policy documents will do differently from the
 * old one, one line per change, for reviews and CI logs: {@code "checkout/slow: breaches after 5
 * samples instead of 3"}, {@code "policy checkout-recovery: mode dry-run → enforce"}, {@code
 * "policy checkout-recovery, rule slow: rung 2 added: restart(checkout-workers)"}. Stateless.
 */
public final class PolicyDiff {
  private PolicyDiff() {}

  /** Returns the changes from {@code before} to {@code after}; empty when they behave the same. */
  public static List<String> explain(PolicyDocument before, PolicyDocument after) {
    List<String> out = new ArrayList<>();
    for (String name : names(before.targets(), after.targets(), t -> t.target().name())) {
      Optional<TargetSpec> a = before.findTarget(name);
      Optional<TargetSpec> b = after.findTarget(name);
      if (a.isEmpty()) {
        out.add("target " + name + ": added, watching " + b.orElseThrow().conditions().stream().map(WatchedCondition::name).toList());
      } else if (b.isEmpty()) {
        out.add("target " + name + ": removed");
      } else {
        target(name, a.get(), b.get(), out);
      }
    }
    for (String name : names(before.policies(), after.policies(), Policy::name)) {
      Optional<Policy> a = before.findPolicy(name);
      Optional<Policy> b = after.findPolicy(name);
      if (a.isEmpty()) {
        out.add("policy " + name + ": added for target " + b.orElseThrow().target() + " in mode " + mode(b.get()));
      } else if (b.isEmpty()) {
        out.add("policy " + name + ": removed; its conditions no longer trigger recovery");
      } else {
        policy(name, a.get(), b.get(), out);
        if (!before.rollout(name).equals(after.rollout(name))) {
          out.add("policy " + name + ": rollout " + rollout(before.rollout(name)) + " → " + rollout(after.rollout(name)));
        }
      }
    }
    for (String name : names(List.copyOf(before.flags().values()), List.copyOf(after.flags().values()), FeatureFlag::name)) {
      FeatureFlag a = before.flags().get(name);
      FeatureFlag b = after.flags().get(name);
      if (a == null) {
        out.add("flag " + name + ": added, " + (b.enabled() ? "on" : "off"));
      } else if (b == null) {
        out.add("flag " + name + ": removed");
      } else if (!a.equals(b)) {
        out.add("flag " + name + ": " + (a.enabled() == b.enabled() ? "gates changed" : (b.enabled() ? "now on" : "now off")));
      }
    }
    return out;
  }

  private static <T> Set<String> names(List<T> a, List<T> b, Function<T, String> name) {
    Set<String> out = new LinkedHashSet<>();
    a.forEach(x -> out.add(name.apply(x)));
    b.forEach(x -> out.add(name.apply(x)));
    return out;
  }

  private static void target(String name, TargetSpec a, TargetSpec b, List<String> out) {
    if (!a.target().equals(b.target())) {
      if (a.target().tier() != b.target().tier()) {
        out.add("target " + name + ": tier " + lower(a.target().tier()) + " → " + lower(b.target().tier()));
      }
      if (!a.target().rto().equals(b.target().rto())) {
        out.add("target " + name + ": rto " + d(b.target().rto()) + " instead of " + d(a.target().rto()));
      }
    }
    for (ProbeBinding p : b.probes()) {
      Optional<ProbeBinding> old = a.probes().stream().filter(x -> x.probe().equals(p.probe())).findFirst();
      if (old.isEmpty()) {
        out.add("target " + name + ": probe " + p.probe() + " added, every " + d(p.interval()));
      } else if (!old.get().equals(p)) {
        out.add("target " + name + ": probe " + p.probe() + " every " + d(p.interval()) + " (timeout " + d(p.timeout())
            + ") instead of every " + d(old.get().interval()) + " (timeout " + d(old.get().timeout()) + ")");
      }
    }
    a.probes().stream().filter(p -> b.probes().stream().noneMatch(x -> x.probe().equals(p.probe())))
        .forEach(p -> out.add("target " + name + ": probe " + p.probe() + " removed"));
    for (String c : names(a.conditions(), b.conditions(), WatchedCondition::name)) {
      Optional<WatchedCondition> x = a.findCondition(c);
      Optional<WatchedCondition> y = b.findCondition(c);
      String at = name + "/" + c + ": ";
      if (x.isEmpty()) {
        out.add(at + "added: " + y.orElseThrow().condition().describe());
      } else if (y.isEmpty()) {
        out.add(at + "removed");
      } else {
        condition(at, x.get(), y.get(), out);
      }
    }
  }

  private static void condition(String at, WatchedCondition a, WatchedCondition b, List<String> out) {
    if (a.severity() != b.severity()) {
      out.add(at + "severity " + lower(a.severity()) + " → " + lower(b.severity()));
    }
    Condition x = a.condition();
    Condition y = b.condition();
    if (x.equals(y)) {
      return;
    }
    if (x instanceof SignalCondition && y instanceof SignalCondition) {
      SignalCondition s = (SignalCondition) x;
      SignalCondition t = (SignalCondition) y;
      int before = out.size();
      if (!s.trigger().equals(t.trigger())) {
        out.add(at + "bad when " + t.trigger().describe() + " instead of " + s.trigger().describe());
      }
      if (s.forSamples() != t.forSamples()) {
        out.add(at + "breaches after " + t.forSamples() + " samples instead of " + s.forSamples());
      }
      if (!s.forDuration().equals(t.forDuration())) {
        out.add(at + "breaches after a bad run of " + d(t.forDuration()) + " instead of " + d(s.forDuration()));
      }
      if (s.flapBreaches() != t.flapBreaches() || s.flapWindow() != t.flapWindow()) {
        out.add(at + "flapping " + flap(t) + " instead of " + flap(s));
      }
      if (!Objects.equals(s.clear(), t.clear()) || s.clearSamples() != t.clearSamples()) {
        out.add(at + "clears " + clear(t) + " instead of " + clear(s));
      }
      if (out.size() > before) {
        return;
      }
    }
    out.add(at + "now " + y.describe() + " instead of " + x.describe());
  }

  private static String flap(SignalCondition c) {
    return c.flapDetection() ? c.flapBreaches() + " of " + c.flapWindow() + " samples" : "off";
  }

  private static String clear(SignalCondition c) {
    String rule = c.clear() == null ? "when no longer bad" : "when " + c.clear().describe();
    return rule + " for " + c.clearSamples() + (c.clearSamples() == 1 ? " sample" : " samples");
  }

  private static void policy(String name, Policy a, Policy b, List<String> out) {
    String at = "policy " + name + ": ";
    if (a.mode() != b.mode()) {
      out.add(at + "mode " + mode(a) + " → " + mode(b));
    }
    if (!a.target().equals(b.target())) {
      out.add(at + "target " + a.target() + " → " + b.target());
    }
    for (String c : names(a.rules(), b.rules(), Rule::condition)) {
      Optional<Rule> x = a.findRule(c);
      Optional<Rule> y = b.findRule(c);
      String r = "policy " + name + ", rule " + c + ": ";
      if (x.isEmpty()) {
        out.add(r + "added: " + ladder(y.orElseThrow()));
      } else if (y.isEmpty()) {
        out.add(r + "removed; a breach of " + c + " no longer triggers recovery");
      } else {
        rule(r, x.get(), y.get(), out);
      }
    }
    if (!a.budget().equals(b.budget())) {
      out.add(at + "restart budget " + b.budget().maxRestarts() + " within " + d(b.budget().period()) + " instead of "
          + a.budget().maxRestarts() + " within " + d(a.budget().period()));
    }
    if (!a.backoff().equals(b.backoff())) {
      out.add(at + "backoff " + backoff(b) + " instead of " + backoff(a));
    }
    if (!a.actionTimeout().equals(b.actionTimeout())) {
      out.add(at + "action timeout " + d(b.actionTimeout()) + " instead of " + d(a.actionTimeout()));
    }
    if (!a.escalateTo().equals(b.escalateTo())) {
      List<String> added = b.escalateTo().stream().filter(n -> !a.escalateTo().contains(n)).toList();
      List<String> removed = a.escalateTo().stream().filter(n -> !b.escalateTo().contains(n)).toList();
      if (!added.isEmpty()) {
        out.add(at + "pages " + String.join(", ", added) + " on budget or ladder exhaustion");
      }
      if (!removed.isEmpty()) {
        out.add(at + "no longer pages " + String.join(", ", removed) + " on budget or ladder exhaustion");
      }
    }
    if (!a.remediation().equals(b.remediation())) {
      out.add(at + "remediation hint changed");
    }
  }

  private static void rule(String at, Rule a, Rule b, List<String> out) {
    int n = Math.max(a.ladder().size(), b.ladder().size());
    for (int i = 0; i < n; i++) {
      Rung x = i < a.ladder().size() ? a.ladder().get(i) : null;
      Rung y = i < b.ladder().size() ? b.ladder().get(i) : null;
      if (x == null) {
        out.add(at + "rung " + (i + 1) + " added: " + Objects.requireNonNull(y).describe());
      } else if (y == null) {
        out.add(at + "rung " + (i + 1) + " removed: " + x.describe());
      } else if (!x.equals(y)) {
        out.add(at + "rung " + (i + 1) + ": " + y.describe() + " instead of " + x.describe());
      }
    }
    if (!a.verifyWithin().equals(b.verifyWithin())) {
      out.add(at + "verifies within " + d(b.verifyWithin()) + " instead of " + d(a.verifyWithin()));
    }
  }

  private static String ladder(Rule r) {
    List<String> rungs = new ArrayList<>();
    r.ladder().forEach(x -> rungs.add(x.describe()));
    return String.join(", then ", rungs);
  }

  private static String backoff(Policy p) {
    return d(p.backoff().initial()) + " ×" + Ctx.fmt(p.backoff().multiplier()) + " up to " + d(p.backoff().max());
  }

  private static String rollout(Rollout r) {
    if (r.equals(Rollout.NONE)) {
      return "none";
    }
    String stages = r.steps().isEmpty() ? "canary " + Ctx.fmt(r.canary())
        : "steps " + r.steps().stream().map(s -> Ctx.fmt(s.fraction()) + "@" + d(s.after())).toList();
    return stages + r.normal().map(n -> ", normal " + n).orElse("")
        + r.rollback().map(b -> ", rollback to " + lower(b.to())).orElse("");
  }

  static String mode(Policy p) {
    return lower(p.mode());
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String d(Duration x) {
    return x.isZero() ? "0s" : TargetBinder.text(x);
  }
}
