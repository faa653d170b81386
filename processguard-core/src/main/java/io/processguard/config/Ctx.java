package io.processguard.config;

import io.processguard.validation.Problem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The binder's reading context for one file: typed reads of {@link Node}s that record a {@link
 * Problem} (with {@code file:line}, the path and a hint) instead of failing, so that every
 * problem of a document is found in one pass. Not thread-safe; one per file read.
 */
final class Ctx {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  final String file;
  final List<Problem> problems;

  Ctx(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  void problem(int line, String path, String value, String message) {
    problems.add(new Problem(file + ":" + line, path, value, message));
  }

  void problem(Node at, String path, String message) {
    problem(at.line(), path, shown(at), message);
  }

  static String shown(Node n) {
    return n instanceof Node.Scalar ? ((Node.Scalar) n).text() : n.kind();
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Returns the node as a map, checking its keys against {@code kind}; null (with a problem) if not a map. */
  Node.@Nullable MapNode map(Node n, String path, String kind) {
    if (!(n instanceof Node.MapNode)) {
      problem(n, path, "must be a map, not " + n.kind());
      return null;
    }
    Node.MapNode m = (Node.MapNode) n;
    Set<String> accepted = Keys.BY_KIND.get(kind);
    for (Map.Entry<String, Node.Entry> e : m.entries().entrySet()) {
      if (!accepted.contains(e.getKey())) {
        problem(e.getValue().keyLine(), join(path, e.getKey()), e.getKey(), unknownKey(e.getKey(), accepted));
      }
    }
    return m;
  }

  /** Returns the node as a map with free keys (names); null (with a problem) if not a map. */
  Node.@Nullable MapNode named(Node n, String path) {
    if (!(n instanceof Node.MapNode)) {
      problem(n, path, "must be a map of names, not " + n.kind());
      return null;
    }
    return (Node.MapNode) n;
  }

  static String unknownKey(String key, Set<String> accepted) {
    Optional<String> near = accepted.stream()
        .filter(a -> a.equalsIgnoreCase(key) || distance(a.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2)
        .min(Comparator.comparingInt((String a) -> distance(a, key)).thenComparing(a -> a));
    return near.map(a -> "unknown key; did you mean '" + a + "'?")
        .orElseGet(() -> "unknown key; expected one of " + new TreeSet<>(accepted));
  }

  /** Levenshtein distance, for "did you mean". */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static @Nullable Node get(Node.MapNode m, String key) {
    Node.Entry e = m.entries().get(key);
    return e == null ? null : e.value();
  }

  /** Reads a required child; records "is required" at the map's line when absent. */
  @Nullable Node require(Node.MapNode m, String path, String key) {
    Node n = get(m, key);
    if (n == null) {
      problem(m.line(), join(path, key), "", "is required");
    }
    return n;
  }

  @Nullable String text(Node n, String path) {
    if (n instanceof Node.Scalar && ((Node.Scalar) n).type() != Node.ScalarType.NULL) {
      return ((Node.Scalar) n).text();
    }
    problem(n, path, "must be a text, not " + n.kind());
    return null;
  }

  /** Reads an integer at least {@code min}; null with a problem otherwise. */
  @Nullable Integer integer(Node n, String path, int min) {
    if (!(n instanceof Node.Scalar) || ((Node.Scalar) n).type() != Node.ScalarType.INTEGER) {
      problem(n, path, "must be a whole number, not " + n.kind());
      return null;
    }
    long v;
    try {
      v = Long.parseLong(((Node.Scalar) n).text());
    } catch (NumberFormatException e) {
      problem(n, path, "must be at most " + Integer.MAX_VALUE);
      return null;
    }
    if (v < min) {
      problem(n, path, "must be at least " + min);
      return null;
    }
    if (v > Integer.MAX_VALUE) {
      problem(n, path, "must be at most " + Integer.MAX_VALUE);
      return null;
    }
    return (int) v;
  }

  /** Reads a finite number; null with a problem otherwise. */
  @Nullable Double number(Node n, String path) {
    if (!(n instanceof Node.Scalar) || (((Node.Scalar) n).type() != Node.ScalarType.INTEGER
        && ((Node.Scalar) n).type() != Node.ScalarType.DECIMAL)) {
      problem(n, path, "must be a number, not " + n.kind());
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(((Node.Scalar) n).text());
    } catch (NumberFormatException e) {
      // YAML's .nan and .inf are numbers to the parser but not to Java.
      v = Double.NaN;
    }
    if (!Double.isFinite(v)) {
      problem(n, path, "must be a finite number");
      return null;
    }
    return v;
  }

  /** Reads a number in [lo, hi]. */
  @Nullable Double fraction(Node n, String path, double lo, double hi) {
    Double v = number(n, path);
    if (v != null && (v < lo || v > hi)) {
      problem(n, path, String.format(Locale.ROOT, "must be between %s and %s", fmt(lo), fmt(hi)));
      return null;
    }
    return v;
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  @Nullable Boolean bool(Node n, String path) {
    if (n instanceof Node.Scalar && ((Node.Scalar) n).type() == Node.ScalarType.BOOLEAN) {
      return Boolean.parseBoolean(((Node.Scalar) n).text());
    }
    problem(n, path, "must be true or false, not " + n.kind());
    return null;
  }

  /**
   * Reads a duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601
   * ({@code PT30S}). Bare numbers are rejected: a unit must be said.
   */
  @Nullable Duration duration(Node n, String path) {
    if (!(n instanceof Node.Scalar) || ((Node.Scalar) n).type() != Node.ScalarType.TEXT) {
      problem(n, path, "must be a duration with a unit, such as 30s, 5m or 1h, not " + n.kind());
      return null;
    }
    String s = ((Node.Scalar) n).text().trim();
    Matcher m = DURATION.matcher(s);
    try {
      if (m.matches()) {
        long v = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return Duration.ofMillis(v);
          case "s":
            return Duration.ofSeconds(v);
          case "m":
            return Duration.ofMinutes(v);
          case "h":
            return Duration.ofHours(v);
          default:
            return Duration.ofDays(v);
        }
      }
      return Duration.parse(s);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      problem(n, path, "must be a duration such as 500ms, 30s, 5m, 1h, 1d or PT30S");
      return null;
    }
  }

  /** Reads a positive duration. */
  @Nullable Duration positive(Node n, String path) {
    Duration d = duration(n, path);
    if (d != null && (d.isZero() || d.isNegative())) {
      problem(n, path, "must be a positive duration");
      return null;
    }
    return d;
  }

  /** Reads a list of texts; a single text counts as a list of one. */
  List<String> texts(Node n, String path) {
    List<String> out = new ArrayList<>();
    if (n instanceof Node.ListNode) {
      List<Node> items = ((Node.ListNode) n).items();
      for (int i = 0; i < items.size(); i++) {
        String s = text(items.get(i), path + "[" + i + "]");
        if (s != null) {
          out.add(s);
        }
      }
    } else {
      String s = text(n, path);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Reads one of the given words (lowercase, dashes); null with a problem listing them otherwise. */
  @Nullable String word(Node n, String path, List<String> allowed) {
    String s = text(n, path);
    if (s == null) {
      return null;
    }
    if (!allowed.contains(s)) {
      problem(n, path, "must be one of " + allowed);
      return null;
    }
    return s;
  }
}
