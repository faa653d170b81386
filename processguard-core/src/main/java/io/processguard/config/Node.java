package io.processguard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed document as a tree that remembers, for every value and key, the line it came from:
 * what the binder walks to report {@code file:line} with each problem. Immutable once read.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

  /** Returns the 1-based line where the value starts. */
  int line();

  /** Names the kind of value for messages: a map, a list, a text, a number, true/false or null. */
  String kind();

  /** A mapping, keys in document order, each with the line of the key. */
  record MapNode(int line, Map<String, Entry> entries) implements Node {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String kind() {
      return "a map";
    }
  }

  /**
   * One entry of a mapping.
   *
   * @param keyLine where the key is
   * @param value the value
   */
  record Entry(int keyLine, Node value) {}

  /** A sequence. */
  record ListNode(int line, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** Kinds of scalar. */
  enum ScalarType { TEXT, INTEGER, DECIMAL, BOOLEAN, NULL }

  /**
   * A leaf value as written.
   *
   * @param line where it is
   * @param type what the parser saw
   * @param text the text as written (for numbers, Jackson's reading of it)
   */
  record Scalar(int line, ScalarType type, String text) implements Node {
    @Override
    public String kind() {
      switch (type) {
        case TEXT:
          return "a text";
        case INTEGER:
        case DECIMAL:
          return "a number";
        case BOOLEAN:
          return "true/false";
        default:
          return "null";
      }
    }
  }
}
