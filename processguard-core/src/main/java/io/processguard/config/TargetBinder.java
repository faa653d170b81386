package io.processguard.config;

import io.processguard.condition.Comparison;
import io.processguard.condition.Condition;
import io.processguard.condition.SignalCondition;
import io.processguard.target.ProbeBinding;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.Tier;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Binds the {@code targets:} section: targets, probe bindings and the condition DSL. */
final class TargetBinder {
  private static final List<String> TIERS = List.of("critical", "high", "medium", "low");
  private static final List<String> SEVERITIES = List.of("warning", "critical");

  private final Ctx ctx;

  TargetBinder(Ctx ctx) {
    this.ctx = ctx;
  }

  /** Binds one target; null when it has problems (all of them recorded). */
  @Nullable TargetSpec target(String name, Node node, String path) {
    int before = ctx.problems.size();
    Node.MapNode m = ctx.map(node, path, Keys.TARGET);
    if (m == null) {
      return null;
    }
    Target.Builder target = null;
    try {
      target = Target.builder(name);
    } catch (IllegalArgumentException e) {
      ctx.problem(node.line(), path, name, "target name must be 1-128 characters of [A-Za-z0-9._:/-]");
    }
    Target.Builder t = target == null ? Target.builder("x") : target;
    Node n;
    if ((n = Ctx.get(m, "tier")) != null) {
      String tier = ctx.word(n, Ctx.join(path, "tier"), TIERS);
      if (tier != null) {
        t.tier(Tier.valueOf(tier.toUpperCase(Locale.ROOT)));
      }
    }
    if ((n = Ctx.get(m, "rto")) != null) {
      Duration rto = ctx.positive(n, Ctx.join(path, "rto"));
      if (rto != null) {
        t.rto(rto);
      }
    }
    if ((n = Ctx.get(m, "owner")) != null) {
      String owner = ctx.text(n, Ctx.join(path, "owner"));
      if (owner != null) {
        t.owner(owner);
      }
    }
    if ((n = Ctx.get(m, "runbook")) != null) {
      String url = ctx.text(n, Ctx.join(path, "runbook"));
      if (url != null) {
        try {
          t.runbook(url);
        } catch (IllegalArgumentException e) {
          ctx.problem(n, Ctx.join(path, "runbook"), "must be an absolute http(s) URL");
        }
      }
    }
    tags(m, path, t);
    List<ProbeBinding> probes = probes(m, path);
    TargetSpec.Builder spec = TargetSpec.builder(t.build());
    probes.forEach(p -> spec.probe(p.probe(), p.interval(), p.timeout()));
    conditions(m, path, probes, spec);
    if (ctx.problems.size() > before || target == null) {
      return null;
    }
    try {
      return spec.build();
    } catch (ValidationException e) {
      e.problems().forEach(p -> ctx.problem(node.line(), path + "." + p.field(), p.value(), p.message()));
      return null;
    }
  }

  private void tags(Node.MapNode m, String path, Target.Builder t) {
    Node n = Ctx.get(m, "tags");
    Node.MapNode tags = n == null ? null : ctx.named(n, Ctx.join(path, "tags"));
    if (tags == null) {
      return;
    }
    for (Map.Entry<String, Node.Entry> e : tags.entries().entrySet()) {
      String v = ctx.text(e.getValue().value(), Ctx.join(path, "tags." + e.getKey()));
      if (v != null) {
        t.tag(e.getKey(), v);
      }
    }
  }

  private List<ProbeBinding> probes(Node.MapNode m, String path) {
    List<ProbeBinding> out = new ArrayList<>();
    String at = Ctx.join(path, "probes");
    Node n = ctx.require(m, path, "probes");
    Node.MapNode probes = n == null ? null : ctx.named(n, at);
    if (probes == null) {
      return out;
    }
    if (probes.entries().isEmpty()) {
      ctx.problem(probes, at, "needs at least one probe");
    }
    for (Map.Entry<String, Node.Entry> e : probes.entries().entrySet()) {
      String p = at + "." + e.getKey();
      Node.MapNode b = ctx.map(e.getValue().value(), p, Keys.PROBE);
      if (b == null) {
        continue;
      }
      Node iv = ctx.require(b, p, "interval");
      Duration interval = iv == null ? null : ctx.duration(iv, p + ".interval");
      if (interval != null && interval.compareTo(Duration.ofMillis(1)) < 0) {
        ctx.problem(iv, p + ".interval", "must be at least 1ms");
        interval = null;
      }
      Node tn = Ctx.get(b, "timeout");
      Duration timeout = tn == null ? null : ctx.positive(tn, p + ".timeout");
      if (interval == null || (tn != null && timeout == null)) {
        continue;
      }
      if (timeout != null && timeout.compareTo(interval) > 0) {
        ctx.problem(tn, p + ".timeout", "must be at most the interval " + text(interval));
        continue;
      }
      out.add(timeout == null ? ProbeBinding.of(e.getKey(), interval) : new ProbeBinding(e.getKey(), interval, timeout));
    }
    return out;
  }

  private void conditions(Node.MapNode m, String path, List<ProbeBinding> probes, TargetSpec.Builder spec) {
    Node n = Ctx.get(m, "conditions");
    String at = Ctx.join(path, "conditions");
    Node.MapNode conditions = n == null ? null : ctx.named(n, at);
    if (conditions == null) {
      return;
    }
    List<String> bound = probes.stream().map(ProbeBinding::probe).toList();
    for (Map.Entry<String, Node.Entry> e : conditions.entries().entrySet()) {
      String p = at + "." + e.getKey();
      if (!e.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
        ctx.problem(e.getValue().keyLine(), p, e.getKey(), "condition name must be 1-64 characters of [A-Za-z0-9._-]");
        continue;
      }
      Node.MapNode c = ctx.map(e.getValue().value(), p, Keys.WATCHED);
      if (c == null) {
        continue;
      }
      Severity severity = Severity.CRITICAL;
      Node sv = Ctx.get(c, "severity");
      if (sv != null) {
        String s = ctx.word(sv, p + ".severity", SEVERITIES);
        severity = s == null ? severity : Severity.valueOf(s.toUpperCase(Locale.ROOT));
      }
      Node when = ctx.require(c, p, "when");
      Condition cond = when == null ? null : condition(when, p + ".when", bound);
      if (cond != null) {
        spec.condition(e.getKey(), severity, cond);
      }
    }
  }

  /** Binds the condition DSL; null when it has problems. */
  @Nullable Condition condition(Node node, String path, List<String> probes) {
    Node.MapNode m = ctx.map(node, path, Keys.WHEN);
    if (m == null) {
      return null;
    }
    for (String composite : List.of("allOf", "anyOf")) {
      Node list = Ctx.get(m, composite);
      if (list != null) {
        return composite(m, list, path, composite, probes);
      }
    }
    int before = ctx.problems.size();
    SignalCondition base = trigger(m, path, probes);
    if (base == null) {
      return null;
    }
    SignalCondition c = debounce(m, path, base);
    c = clear(m, path, c);
    if (ctx.problems.size() > before) {
      return null;
    }
    return c;
  }

  private @Nullable Condition composite(Node.MapNode m, Node list, String path, String kind, List<String> probes) {
    String at = path + "." + kind;
    for (String other : m.entries().keySet()) {
      if (!other.equals(kind) && Keys.BY_KIND.get(Keys.WHEN).contains(other)) {
        ctx.problem(m.entries().get(other).keyLine(), Ctx.join(path, other), other,
            "cannot be combined with " + kind + "; put it on the conditions inside");
      }
    }
    if (!(list instanceof Node.ListNode) || ((Node.ListNode) list).items().isEmpty()) {
      ctx.problem(list, at, "must be a list of at least one condition");
      return null;
    }
    List<Node> items = ((Node.ListNode) list).items();
    List<Condition> parts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Condition c = condition(items.get(i), at + "[" + i + "]", probes);
      if (c != null) {
        parts.add(c);
      }
    }
    if (parts.size() < items.size()) {
      return null;
    }
    return kind.equals("allOf") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
  }

  private @Nullable SignalCondition trigger(Node.MapNode m, String path, List<String> probes) {
    Node signal = Ctx.get(m, "signal");
    Node down = Ctx.get(m, "probeDown");
    if (signal != null && down != null) {
      ctx.problem(down, path + ".probeDown", "cannot be combined with signal: a condition reads one trigger");
      return null;
    }
    if (down != null) {
      String probe = ctx.text(down, path + ".probeDown");
      if (probe != null && !probes.contains(probe)) {
        ctx.problem(down, path + ".probeDown", "names a probe not bound to this target (bound: " + probes + ")");
        return null;
      }
      for (String cmp : Keys.COMPARISONS) {
        if (Ctx.get(m, cmp) != null) {
          ctx.problem(Ctx.get(m, cmp), path + "." + cmp, "a probeDown condition has no threshold");
        }
      }
      return probe == null ? null : Condition.probeDown(probe);
    }
    if (signal == null) {
      ctx.problem(m.line(), path, "", "needs one of signal, probeDown, allOf or anyOf");
      return null;
    }
    String name = ctx.text(signal, path + ".signal");
    Comparison cmp = comparison(m, path, "a threshold: one of " + Keys.COMPARISONS);
    Double threshold = cmp == null ? null : ctx.number(Ctx.get(m, key(cmp)), path + "." + key(cmp));
    if (name == null || cmp == null || threshold == null) {
      return null;
    }
    SignalCondition.On on = Condition.signal(name);
    switch (cmp) {
      case ABOVE:
        return on.above(threshold);
      case AT_LEAST:
        return on.atLeast(threshold);
      case BELOW:
        return on.below(threshold);
      default:
        return on.atMost(threshold);
    }
  }

  private @Nullable Comparison comparison(Node.MapNode m, String path, String needs) {
    List<String> given = Keys.COMPARISONS.stream().filter(k -> Ctx.get(m, k) != null).toList();
    if (given.isEmpty()) {
      ctx.problem(m.line(), path, "", "needs " + needs);
      return null;
    }
    if (given.size() > 1) {
      ctx.problem(m.entries().get(given.get(1)).keyLine(), path + "." + given.get(1), given.get(1),
          "only one threshold per condition, already given " + given.get(0) + "; use allOf for a band");
      return null;
    }
    return Comparison.values()[Keys.COMPARISONS.indexOf(given.get(0))];
  }

  private static String key(Comparison c) {
    return Keys.COMPARISONS.get(c.ordinal());
  }

  private SignalCondition debounce(Node.MapNode m, String path, SignalCondition c) {
    Node n;
    SignalCondition out = c;
    if ((n = Ctx.get(m, "forSamples")) != null) {
      Integer v = ctx.integer(n, path + ".forSamples", 1);
      out = v == null ? out : out.forSamples(v);
    }
    if ((n = Ctx.get(m, "forDuration")) != null) {
      Duration d = ctx.duration(n, path + ".forDuration");
      out = d == null ? out : out.forDuration(d);
    }
    if ((n = Ctx.get(m, "flapping")) != null) {
      String at = path + ".flapping";
      Node.MapNode f = ctx.map(n, at, Keys.FLAPPING);
      if (f == null) {
        return out;
      }
      if (Ctx.get(m, "forSamples") != null || Ctx.get(m, "forDuration") != null) {
        ctx.problem(n, at, "flap detection cannot be combined with forSamples or forDuration");
        return out;
      }
      Node bn = ctx.require(f, at, "breaches");
      Node wn = ctx.require(f, at, "window");
      Integer window = wn == null ? null : ctx.integer(wn, at + ".window", 1);
      Integer breaches = bn == null ? null : ctx.integer(bn, at + ".breaches", 1);
      if (window != null && window > SignalCondition.MAX_FLAP_WINDOW) {
        ctx.problem(wn, at + ".window", "must be at most " + SignalCondition.MAX_FLAP_WINDOW + " samples");
      } else if (window != null && breaches != null && breaches > window) {
        ctx.problem(bn, at + ".breaches", "must be at most the window (" + window + ")");
      } else if (window != null && breaches != null) {
        out = out.flapping(breaches, window);
      }
    }
    return out;
  }

  private SignalCondition clear(Node.MapNode m, String path, SignalCondition c) {
    Node n = Ctx.get(m, "clear");
    if (n == null) {
      return c;
    }
    String at = path + ".clear";
    Node.MapNode cl = ctx.map(n, at, Keys.CLEAR);
    if (cl == null) {
      return c;
    }
    SignalCondition out = c;
    Node sn = Ctx.get(cl, "samples");
    if (sn != null) {
      Integer v = ctx.integer(sn, at + ".samples", 1);
      out = v == null ? out : out.clearAfter(v);
    }
    boolean any = Keys.COMPARISONS.stream().anyMatch(k -> Ctx.get(cl, k) != null);
    if (!any) {
      return out;
    }
    Comparison cmp = comparison(cl, at, "a clear threshold");
    Double v = cmp == null ? null : ctx.number(Ctx.get(cl, key(cmp)), at + "." + key(cmp));
    if (cmp == null || v == null) {
      return out;
    }
    try {
      switch (cmp) {
        case ABOVE:
          return out.clearAbove(v);
        case AT_LEAST:
          return out.clearAtLeast(v);
        case BELOW:
          return out.clearBelow(v);
        default:
          return out.clearAtMost(v);
      }
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      ctx.problem(Ctx.get(cl, key(cmp)), at + "." + key(cmp), msg.substring(msg.indexOf(": ") + 2));
      return out;
    }
  }

  static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
