package io.processguard.config;

import io.processguard.policy.ActionType;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.Rule;
import io.processguard.target.ProbeBinding;
import io.processguard.target.TargetSpec;
import io.processguard.target.WatchedCondition;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads policy documents (YAML or JSON) into a {@link PolicyDocument}, reporting every problem
 * of every file at once, each with {@code file:line}, the path of the value and a hint.
 *
 * <p>Checks everything that can be checked without the running application: structure,
 * unknown keys (with "did you mean"), value ranges, references inside the documents (a policy
 * naming an undefined target or condition, a flag naming an undefined rule), and the names of
 * runtime components if the documents declare them under {@code components:}. A directory
 * contributes its {@code *.yaml}, {@code *.yml} and {@code *.json} files, sorted by name; all
 * files together form one document set (a policy may name a target of another file).
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyLoader {
  private PolicyLoader() {}

  /** Loads files and directories; throws {@link ValidationException} listing every problem. */
  public static PolicyDocument load(Path... paths) {
    List<Problem> problems = new ArrayList<>();
    List<PolicyFile> files = read(List.of(paths), problems);
    ValidationException.throwIfAny(problems);
    return parse(String.join(",", Stream.of(paths).map(Path::toString).toList()), files);
  }

  /** Returns every problem of the files and directories; empty when they are valid. */
  public static List<Problem> validate(Path... paths) {
    try {
      load(paths);
      return List.of();
    } catch (ValidationException e) {
      return e.problems();
    }
  }

  /** Parses files already read; throws {@link ValidationException} listing every problem. */
  public static PolicyDocument parse(String source, List<PolicyFile> files) {
    List<Problem> problems = new ArrayList<>();
    if (files.isEmpty()) {
      problems.add(new Problem(source, "(files)", "", "no policy files (*.yaml, *.yml, *.json) found"));
    }
    List<DocumentBinder> binders = new ArrayList<>();
    for (PolicyFile f : files) {
      Node root = TreeReader.read(f.name(), f.bytes(), problems);
      DocumentBinder b = new DocumentBinder(f.name(), problems);
      if (root != null) {
        b.bind(root);
      }
      binders.add(b);
    }
    String hash = PolicyFile.sha256(files);
    PolicyDocument doc = new CrossCheck(binders, problems).document(source, hash);
    ValidationException.throwIfAny(problems);
    return doc;
  }

  /** Reads files, expanding directories; unreadable paths become problems. */
  static List<PolicyFile> read(List<Path> paths, List<Problem> problems) {
    List<PolicyFile> out = new ArrayList<>();
    for (Path p : paths) {
      try {
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.list(p)) {
            for (Path f : s.filter(PolicyLoader::isPolicyFile).sorted().toList()) {
              out.add(new PolicyFile(f.toString(), Files.readAllBytes(f)));
            }
          }
        } else {
          out.add(new PolicyFile(p.toString(), Files.readAllBytes(p)));
        }
      } catch (IOException e) {
        problems.add(new Problem(p.toString(), "(file)", p.toString(), "cannot be read: " + e));
      }
    }
    return out;
  }

  /** Returns whether a directory entry is a policy document by its extension. */
  static boolean isPolicyFile(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  /** Merges the files' parts and checks the references between them. */
  private static final class CrossCheck {
    private final List<DocumentBinder> binders;
    private final List<Problem> problems;
    private final Map<String, TargetSpec> targets = new LinkedHashMap<>();
    private final Map<String, PolicyBinder.Bound> policies = new LinkedHashMap<>();
    private final Map<String, DocumentBinder> policyFile = new HashMap<>();
    private final Map<String, FeatureFlag> flags = new LinkedHashMap<>();
    private final Set<String> external = new TreeSet<>();
    private DeclaredComponents components = DeclaredComponents.NONE;

    CrossCheck(List<DocumentBinder> binders, List<Problem> problems) {
      this.binders = binders;
      this.problems = problems;
    }

    PolicyDocument document(String source, String hash) {
      Map<String, String> firstTarget = new HashMap<>();
      Map<String, String> firstPolicy = new HashMap<>();
      Map<String, String> firstFlag = new HashMap<>();
      Set<String> revisions = new LinkedHashSet<>();
      for (DocumentBinder b : binders) {
        components = components.merge(b.components);
        external.addAll(b.externalTargets);
        if (b.revision != null) {
          revisions.add(b.revision);
        }
        unique(b, b.targetLines, firstTarget, "targets", "target");
        unique(b, b.policyLines, firstPolicy, "policies", "policy");
        unique(b, b.flagLines, firstFlag, "flags", "flag");
        b.targets.forEach(targets::putIfAbsent);
        b.flags.forEach(flags::putIfAbsent);
        b.policies.forEach((n, p) -> {
          if (policies.putIfAbsent(n, p) == null) {
            policyFile.put(n, b);
          }
        });
      }
      for (DocumentBinder b : binders) {
        b.targets.forEach((n, t) -> checkProbes(b, n, t));
      }
      checkPolicies();
      checkFlags();
      Map<String, Rollout> rollouts = new LinkedHashMap<>();
      policies.forEach((n, p) -> rollouts.put(n, p.rollout()));
      String revision = revisions.isEmpty() ? hash.substring(0, 12) : String.join("+", revisions);
      return new PolicyDocument(source, revision, hash, components, flags, List.copyOf(targets.values()),
          policies.values().stream().map(PolicyBinder.Bound::policy).toList(), rollouts);
    }

    private void unique(DocumentBinder b, Map<String, Integer> lines, Map<String, String> first, String section,
        String what) {
      lines.forEach((name, line) -> {
        String at = b.ctx.file + ":" + line;
        String prev = first.putIfAbsent(name, at);
        if (prev != null && !prev.equals(at)) {
          b.ctx.problem(line, section + "." + name, name, "a " + what + " with this name is already defined at " + prev);
        }
      });
    }

    private void checkProbes(DocumentBinder b, String name, TargetSpec t) {
      if (components.probes().isEmpty()) {
        return;
      }
      for (ProbeBinding p : t.probes()) {
        if (!components.probes().contains(p.probe())) {
          b.ctx.problem(b.targetLines.get(name), "targets." + name + ".probes." + p.probe(), p.probe(),
              "names no probe declared in components.probes " + components.probes());
        }
      }
    }

    private void checkPolicies() {
      Map<String, String> handled = new HashMap<>();
      policies.forEach((name, bound) -> {
        DocumentBinder b = policyFile.get(name);
        Policy p = bound.policy();
        String path = "policies." + name;
        TargetSpec t = targets.get(p.target());
        boolean defined = binders.stream().anyMatch(x -> x.targetLines.containsKey(p.target()));
        if (!defined && !external.contains(p.target())) {
          b.ctx.problem(bound.targetLine(), path + ".target", p.target(), "names no target defined in the documents "
              + new TreeSet<>(targets.keySet()) + " or declared in components.targets " + external);
        }
        for (Rule r : p.rules()) {
          int line = bound.ruleLines().get(r.condition());
          if (t != null && t.findCondition(r.condition()).isEmpty()) {
            b.ctx.problem(line, path + ".rules." + r.condition(), r.condition(), "names no condition of target '"
                + p.target() + "' " + t.conditions().stream().map(WatchedCondition::name).sorted().toList());
          }
          String prev = handled.putIfAbsent(p.target() + "/" + r.condition(), name);
          if (prev != null) {
            b.ctx.problem(line, path + ".rules." + r.condition(), r.condition(),
                "condition '" + r.condition() + "' of target '" + p.target() + "' is already handled by policy '" + prev + "'");
          }
        }
        for (PolicyBinder.Ref ref : bound.refs()) {
          checkRef(b, ref);
        }
        Rollout rollout = bound.rollout();
        if (rollout != Rollout.NONE && p.mode() != Mode.ENFORCE) {
          b.ctx.problem(policyLine(b, name), path + ".rollout", p.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
              "a rollout stages enforcement: it needs mode enforce");
        }
        rollout.rollback().ifPresent(rb -> rb.page().forEach(n -> checkRef(b,
            new PolicyBinder.Ref(ActionType.ALERT, n, path + ".rollout.rollback.page", policyLine(b, name)))));
      });
    }

    private static int policyLine(DocumentBinder b, String name) {
      return b.policyLines.get(name);
    }

    private void checkRef(DocumentBinder b, PolicyBinder.Ref ref) {
      Set<String> declared;
      String kind;
      switch (ref.kind()) {
        case RESTART:
          declared = components.restartables();
          kind = "restartables";
          break;
        case CUSTOM:
          declared = components.actions();
          kind = "actions";
          break;
        case FAILOVER:
          declared = components.failovers();
          kind = "failovers";
          break;
        default:
          declared = components.notifiers();
          kind = "notifiers";
          break;
      }
      boolean builtIn = ref.kind() == ActionType.ALERT && ref.name().equals(io.processguard.policy.ActionSpec.DEFAULT_NOTIFIER);
      if (!declared.isEmpty() && !declared.contains(ref.name()) && !builtIn) {
        b.ctx.problem(ref.line(), ref.path(), ref.name(), "names no " + kind.substring(0, kind.length() - 1)
            + " declared in components." + kind + " " + declared);
      }
    }

    private void checkFlags() {
      for (DocumentBinder b : binders) {
        b.flags.forEach((name, f) -> {
          for (String r : f.rules()) {
            String[] parts = r.split("/", 2);
            PolicyBinder.Bound p = parts.length == 2 ? policies.get(parts[0]) : null;
            if (parts.length == 2 && (p == null || p.policy().findRule(parts[1]).isEmpty())) {
              b.ctx.problem(b.flagLines.get(name), "flags." + name + ".rules", r,
                  "names no rule (policy/condition) defined in the documents");
            }
          }
        });
      }
    }
  }
}
