package io.processguard.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deep, unmodifiable copies of evidence values, normalized so that what is written reads back
 * equal: whole numbers become {@code Long}, floating-point numbers {@code Double}.
 */
final class Evidence {
  private Evidence() {}

  static Map<String, Object> copyOf(Map<String, ?> map) {
    return copyMap("evidence", map);
  }

  static Object copyValue(String path, @Nullable Object value) {
    if (value == null) {
      throw new IllegalArgumentException("audit evidence '" + path + "' must not be null");
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("audit evidence '" + path + "' must be a finite number, got " + d);
      }
      return d;
    }
    if (value instanceof Map) {
      return copyMap(path, (Map<?, ?>) value);
    }
    if (value instanceof List) {
      return copyList(path, (List<?>) value);
    }
    throw new IllegalArgumentException("audit evidence '" + path + "' must be a string, boolean, number, "
        + "list or map, got " + value.getClass().getName());
  }

  private static Map<String, Object> copyMap(String path, Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException("audit evidence '" + path + "' keys must be strings, got " + e.getKey());
      }
      String key = (String) e.getKey();
      copy.put(key, copyValue(path + "." + key, e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<Object> copyList(String path, List<?> list) {
    List<Object> copy = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      copy.add(copyValue(path + "[" + i + "]", list.get(i)));
    }
    return Collections.unmodifiableList(copy);
  }
}
