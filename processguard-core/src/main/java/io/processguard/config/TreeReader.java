package io.processguard.config;

import io.processguard.validation.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads YAML or JSON bytes into a {@link Node} tree with line numbers, straight from Jackson's
 * token stream (a data-bound tree would forget where each value was). Duplicate keys are
 * problems, not silent overwrites. Stateless and thread-safe.
 */
final class TreeReader {
  private static final TokenStreamFactory JSON = new JsonFactory();
  private static final TokenStreamFactory YAML = new YAMLFactory();

  private TreeReader() {}

  /** Returns whether a file name is read as JSON (else YAML). */
  static boolean isJson(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /** Reads a document; syntax errors and duplicate keys go to {@code problems}; null when unreadable. */
  static @Nullable Node read(String name, byte[] bytes, List<Problem> problems) {
    TokenStreamFactory factory = isJson(name) ? JSON : YAML;
    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(new Problem(name + ":1", "(document)", "", "the document is empty"));
        return null;
      }
      return value(name, p, t, "", problems);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      problems.add(new Problem(name + ":" + line, "(syntax)", "", "not valid " + (isJson(name) ? "JSON" : "YAML")
          + ": " + e.getOriginalMessage().lines().findFirst().orElse("")));
      return null;
    }
  }

  private static Node value(String name, JsonParser p, JsonToken t, String path, List<Problem> problems) {
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT:
        return map(name, p, line, path, problems);
      case START_ARRAY:
        List<Node> items = new ArrayList<>();
        for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
          items.add(value(name, p, next, path + "[" + items.size() + "]", problems));
        }
        return new Node.ListNode(line, items);
      case VALUE_NUMBER_INT:
        return new Node.Scalar(line, Node.ScalarType.INTEGER, p.getString());
      case VALUE_NUMBER_FLOAT:
        return new Node.Scalar(line, Node.ScalarType.DECIMAL, p.getString());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Node.Scalar(line, Node.ScalarType.BOOLEAN, p.getString());
      case VALUE_NULL:
        return new Node.Scalar(line, Node.ScalarType.NULL, "null");
      default:
        return new Node.Scalar(line, Node.ScalarType.TEXT, p.getString());
    }
  }

  private static Node map(String name, JsonParser p, int line, String path, List<Problem> problems) {
    Map<String, Node.Entry> entries = new LinkedHashMap<>();
    for (JsonToken next = p.nextToken(); next != JsonToken.END_OBJECT; next = p.nextToken()) {
      String key = p.currentName();
      int keyLine = p.currentTokenLocation().getLineNr();
      String at = path.isEmpty() ? key : path + "." + key;
      Node v = value(name, p, p.nextToken(), at, problems);
      if (entries.containsKey(key)) {
        problems.add(new Problem(name + ":" + keyLine, at, key,
            "duplicate key: first given on line " + entries.get(key).keyLine()));
      } else {
        entries.put(key, new Node.Entry(keyLine, v));
      }
    }
    return new Node.MapNode(line, entries);
  }
}
