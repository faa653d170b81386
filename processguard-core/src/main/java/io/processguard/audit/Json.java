package io.processguard.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON and byte plumbing shared by entries and checkpoints: one strict mapper, sealed-line
 * layout, hex and SHA-256.
 *
 * <p>A sealed line is a JSON object whose last property is the seal: {@code B,"name":"V"}} where
 * {@code V} has a fixed length. The sealed bytes are {@code B}} : the line as the generator wrote
 * it before the seal property was added.
 */
final class Json {
  /** Strict: duplicate keys, trailing tokens and non-object roots are errors; ints read as Long. */
  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  static final HexFormat HEX = HexFormat.of();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private Json() {}

  /** Parses one line as a JSON object with its properties in file order. */
  static LinkedHashMap<String, Object> readObject(byte[] line) throws Malformed {
    try {
      return MAPPER.readValue(line, OBJECT);
    } catch (JacksonException e) {
      throw new Malformed("unparsable JSON: " + firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * Returns the sealed bytes of a line whose last property is {@code name} with a value of {@code
   * valueLength} ASCII characters, or null when the line does not end that way.
   */
  static byte @Nullable [] sealedBytes(byte[] line, String name, int valueLength) {
    byte[] prefix = (",\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
    int bodyEnd = line.length - prefix.length - valueLength - 2;
    if (bodyEnd < 1 || line[line.length - 2] != '"' || line[line.length - 1] != '}'
        || !Arrays.equals(line, bodyEnd, bodyEnd + prefix.length, prefix, 0, prefix.length)) {
      return null;
    }
    byte[] sealed = Arrays.copyOf(line, bodyEnd + 1);
    sealed[bodyEnd] = '}';
    return sealed;
  }

  static String sha256Hex(byte[] bytes, int length) {
    MessageDigest md = sha256();
    md.update(bytes, 0, length);
    return HEX.formatHex(md.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  static boolean isHex64(@Nullable Object value) {
    if (!(value instanceof String) || ((String) value).length() != 64) {
      return false;
    }
    return ((String) value).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  static String string(Map<String, Object> object, String name) throws Malformed {
    Object v = object.get(name);
    if (!(v instanceof String)) {
      throw new Malformed("field '" + name + "' must be a string, got " + describe(v));
    }
    return (String) v;
  }

  static long number(Map<String, Object> object, String name) throws Malformed {
    Object v = object.get(name);
    if (!(v instanceof Long)) {
      throw new Malformed("field '" + name + "' must be a whole number, got " + describe(v));
    }
    return (Long) v;
  }

  static String describe(@Nullable Object v) {
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** A line that is not in the expected format; the message says why. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A byte sink whose contents can be read without copying. */
  static final class Sink extends ByteArrayOutputStream {
    Sink(int size) {
      super(size);
    }

    byte[] buffer() {
      return buf;
    }
  }
}
