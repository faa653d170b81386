package io.processguard.config;

import io.processguard.policy.ActionType;
import io.processguard.target.TargetSpec;
import io.processguard.validation.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Binds one parsed file into its parts (header, components, flags, targets, policies), each
 * with the line it came from, for {@link PolicyLoader} to merge and cross-check. Not
 * thread-safe; one per file.
 */
final class DocumentBinder {
  /** The format version this ProcessGuard reads. */
  static final int FORMAT = 1;

  final Ctx ctx;
  @Nullable String revision;
  DeclaredComponents components = DeclaredComponents.NONE;
  Set<String> externalTargets = new HashSet<>();
  final Map<String, FeatureFlag> flags = new LinkedHashMap<>();
  final Map<String, Integer> flagLines = new LinkedHashMap<>();
  final Map<String, TargetSpec> targets = new LinkedHashMap<>();
  final Map<String, Integer> targetLines = new LinkedHashMap<>();
  final Map<String, PolicyBinder.Bound> policies = new LinkedHashMap<>();
  final Map<String, Integer> policyLines = new LinkedHashMap<>();

  DocumentBinder(String file, List<Problem> problems) {
    this.ctx = new Ctx(file, problems);
  }

  void bind(Node root) {
    Node.MapNode m = ctx.map(root, "", Keys.DOCUMENT);
    if (m == null) {
      return;
    }
    header(m);
    Node n;
    if ((n = Ctx.get(m, "revision")) != null) {
      revision = ctx.text(n, "revision");
    }
    if ((n = Ctx.get(m, "components")) != null) {
      components(n);
    }
    if ((n = Ctx.get(m, "flags")) != null) {
      flags(n);
    }
    Node.MapNode targetMap = (n = Ctx.get(m, "targets")) == null ? null : ctx.named(n, "targets");
    if (targetMap != null) {
      TargetBinder tb = new TargetBinder(ctx);
      targetMap.entries().forEach((name, e) -> {
        targetLines.put(name, e.keyLine());
        TargetSpec spec = tb.target(name, e.value(), "targets." + name);
        if (spec != null) {
          targets.put(name, spec);
        }
      });
    }
    Node.MapNode policyMap = (n = Ctx.get(m, "policies")) == null ? null : ctx.named(n, "policies");
    if (policyMap != null) {
      PolicyBinder pb = new PolicyBinder(ctx);
      policyMap.entries().forEach((name, e) -> {
        policyLines.put(name, e.keyLine());
        PolicyBinder.Bound b = pb.policy(name, e.value(), "policies." + name);
        if (b != null) {
          policies.put(name, b);
        }
      });
    }
  }

  private void header(Node.MapNode m) {
    Node a = Ctx.get(m, "processguard");
    Node b = Ctx.get(m, "version");
    if (a != null && b != null) {
      ctx.problem(b, "version", "give the format version once: processguard: 1 or version: 1");
      return;
    }
    Node v = a != null ? a : b;
    if (v == null) {
      ctx.problem(m.line(), "processguard", "", "is required: the format version, processguard: " + FORMAT);
      return;
    }
    String key = a != null ? "processguard" : "version";
    Integer version = ctx.integer(v, key, 1);
    if (version != null && version != FORMAT) {
      ctx.problem(v, key, "format version " + version + " is not supported; this ProcessGuard reads version " + FORMAT);
    }
  }

  private void components(Node n) {
    Node.MapNode m = ctx.map(n, "components", Keys.COMPONENTS);
    if (m == null) {
      return;
    }
    components = new DeclaredComponents(names(m, "probes"), names(m, "restartables"), names(m, "notifiers"),
        names(m, "actions"), names(m, "failovers"));
    externalTargets = names(m, "targets");
  }

  private Set<String> names(Node.MapNode m, String key) {
    Node n = Ctx.get(m, key);
    return n == null ? Set.of() : new HashSet<>(ctx.texts(n, "components." + key));
  }

  private void flags(Node n) {
    Node.MapNode m = ctx.named(n, "flags");
    if (m == null) {
      return;
    }
    m.entries().forEach((name, e) -> {
      String p = "flags." + name;
      flagLines.put(name, e.keyLine());
      Node.MapNode f = ctx.map(e.value(), p, Keys.FLAG);
      if (f == null) {
        return;
      }
      Node en = Ctx.get(f, "enabled");
      Boolean enabled = en == null ? Boolean.TRUE : ctx.bool(en, p + ".enabled");
      Node dn = Ctx.get(f, "description");
      String description = dn == null ? "" : ctx.text(dn, p + ".description");
      Set<ActionType> disables = new HashSet<>();
      Node xs = Ctx.get(f, "disables");
      if (xs != null) {
        List<String> words = ctx.texts(xs, p + ".disables");
        for (String w : words) {
          int i = PolicyBinder.ACTION_WORDS.indexOf(w);
          if (i < 0) {
            ctx.problem(xs.line(), p + ".disables", w, "must name action types from " + PolicyBinder.ACTION_WORDS);
          } else {
            disables.add(PolicyBinder.actionType(w));
          }
        }
      }
      Node rn = Ctx.get(f, "rules");
      List<String> rules = rn == null ? List.of() : ctx.texts(rn, p + ".rules");
      for (String r : rules) {
        if (!r.matches("[^/]+/[^/]+")) {
          ctx.problem(rn.line(), p + ".rules", r, "must name rules as policy/condition");
        }
      }
      if (xs == null && rn == null) {
        ctx.problem(f, p, "gates nothing: give disables (action types) or rules (policy/condition)");
      }
      if (enabled != null && description != null) {
        flags.put(name, new FeatureFlag(name, enabled, description, disables, new ArrayList<>(rules)));
      }
    });
  }
}
