package io.processguard.config;

import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy command line, for CI and reviews.
 *
 * <pre>
 * java -cp ... io.processguard.config.PolicyCommand validate [--format text|json] &lt;files or dirs&gt;...
 * java -cp ... io.processguard.config.PolicyCommand diff &lt;old file or dir&gt; &lt;new file or dir&gt;
 * </pre>
 *
 * <p>Exit codes: 0 valid (or diff printed), 1 problems found, 2 wrong usage. Stateless.
 */
public final class PolicyCommand {
  /** Exit code: the documents are valid. */
  public static final int OK = 0;
  /** Exit code: problems were found. */
  public static final int INVALID = 1;
  /** Exit code: the command line was wrong. */
  public static final int USAGE = 2;

  private static final String HELP = String.join("\n",
      "usage: PolicyCommand validate [--format text|json] <files or dirs>...",
      "       PolicyCommand diff <old file or dir> <new file or dir>");

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(new PolicyCommand().run(args, out, err));
  }

  /** Runs the command; returns the exit code. */
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(HELP);
      return USAGE;
    }
    switch (args[0]) {
      case "validate":
        return validate(List.of(args).subList(1, args.length), out, err);
      case "diff":
        return diff(List.of(args).subList(1, args.length), out, err);
      case "help":
      case "--help":
        out.println(HELP);
        return OK;
      default:
        err.println("unknown command '" + args[0] + "'\n" + HELP);
        return USAGE;
    }
  }

  private int validate(List<String> args, PrintStream out, PrintStream err) {
    String format = "text";
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--format") && i + 1 < args.size()) {
        format = args.get(++i);
      } else if (a.startsWith("--format=")) {
        format = a.substring("--format=".length());
      } else if (a.startsWith("--")) {
        err.println("unknown option '" + a + "'\n" + HELP);
        return USAGE;
      } else {
        paths.add(Path.of(a));
      }
    }
    if (!format.equals("text") && !format.equals("json")) {
      err.println("--format must be text or json, got '" + format + "'");
      return USAGE;
    }
    if (paths.isEmpty()) {
      err.println("validate needs at least one file or directory\n" + HELP);
      return USAGE;
    }
    PolicyDocument doc = null;
    List<Problem> problems = List.of();
    try {
      doc = PolicyLoader.load(paths.toArray(new Path[0]));
    } catch (ValidationException e) {
      problems = e.problems();
    }
    if (format.equals("json")) {
      out.println(json(doc, problems));
    } else if (doc != null) {
      out.println("valid: " + doc.targets().size() + plural(" target", doc.targets().size()) + ", "
          + doc.policies().size() + plural(" policy", doc.policies().size()) + ", revision " + doc.revision());
    } else {
      problems.forEach(out::println);
      out.println(problems.size() + plural(" problem", problems.size()));
    }
    return doc == null ? INVALID : OK;
  }

  private static String json(@org.jspecify.annotations.Nullable PolicyDocument doc, List<Problem> problems) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", doc != null);
    if (doc != null) {
      m.put("revision", doc.revision());
      m.put("hash", doc.hash());
      m.put("targets", doc.targets().stream().map(t -> t.target().name()).toList());
      m.put("policies", doc.policies().stream().map(io.processguard.policy.Policy::name).toList());
    }
    List<Map<String, String>> list = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, String> e = new LinkedHashMap<>();
      int colon = p.where().lastIndexOf(':');
      e.put("file", colon > 0 ? p.where().substring(0, colon) : p.where());
      e.put("line", colon > 0 ? p.where().substring(colon + 1) : "");
      e.put("path", p.field());
      e.put("value", p.value());
      e.put("message", p.message());
      list.add(e);
    }
    m.put("problems", list);
    return JsonMapper.shared().writeValueAsString(m);
  }

  private int diff(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 2) {
      err.println("diff needs exactly two arguments: the old and the new file or directory\n" + HELP);
      return USAGE;
    }
    PolicyDocument before;
    PolicyDocument after;
    try {
      before = PolicyLoader.load(Path.of(args.get(0)));
      after = PolicyLoader.load(Path.of(args.get(1)));
    } catch (ValidationException e) {
      e.problems().forEach(out::println);
      out.println(e.problems().size() + plural(" problem", e.problems().size()));
      return INVALID;
    }
    List<String> changes = PolicyDiff.explain(before, after);
    if (changes.isEmpty()) {
      out.println("no change in behaviour");
    }
    changes.forEach(out::println);
    return OK;
  }

  private static String plural(String word, int n) {
    if (n == 1) {
      return word;
    }
    return word.endsWith("y") ? word.substring(0, word.length() - 1) + "ies" : word + "s";
  }
}
