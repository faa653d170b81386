package io.processguard.audit;

import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * Writes and reads audit entry lines; see {@code docs/audit.md} for the format.
 *
 * <p>Not thread-safe (it holds a {@link Mac}): one per writer or verifier.
 */
final class EntryCodec {
  static final String HMAC = "hmac";
  static final List<String> FIELDS = List.of(
      "seq", "timestamp", "actor", "action", "target", "outcome", "evidence", "prev", HMAC);
  static final List<String> FIELDS_WITH_INSTANCE = List.of(
      "seq", "timestamp", "actor", "action", "target", "outcome", "instance", "evidence", "prev", HMAC);

  private final @Nullable Mac mac;

  /** A codec that can seal and check seals with the key, or only parse when the key is null. */
  EntryCodec(@Nullable AuditKey key) {
    this.mac = key == null ? null : key.newMac();
  }

  /** One encoded entry: its line including the newline, and the entry it parses to. */
  record Encoded(byte[] line, AuditEntry entry) {}

  Encoded encode(long sequence, Instant timestamp, AuditRecord r, Optional<String> defaultInstance, String previousHash) {
    Optional<String> instance = r.instanceId().or(() -> defaultInstance);
    Json.Sink out = new Json.Sink(256);
    String hmac;
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberProperty("seq", sequence);
      g.writeStringProperty("timestamp", timestamp.toString());
      g.writeStringProperty("actor", r.actor());
      g.writeStringProperty("action", r.action());
      g.writeStringProperty("target", r.target());
      g.writeStringProperty("outcome", r.outcome());
      if (instance.isPresent()) {
        g.writeStringProperty("instance", instance.get());
      }
      g.writePOJOProperty("evidence", r.evidence());
      g.writeStringProperty("prev", previousHash);
      g.flush();
      hmac = seal(out.buffer(), out.size());
      g.writeStringProperty(HMAC, hmac);
      g.writeEndObject();
    }
    String hash = Json.sha256Hex(out.buffer(), out.size());
    out.write('\n');
    AuditEntry entry = new AuditEntry(sequence, timestamp, r.actor(), r.action(), r.target(), r.outcome(),
        instance, r.evidence(), previousHash, hmac, hash);
    return new Encoded(out.toByteArray(), entry);
  }

  /** Parses a line (without its newline) and checks its format, not its seal or chain. */
  AuditEntry parse(byte[] line) throws Json.Malformed {
    LinkedHashMap<String, Object> o = Json.readObject(line);
    List<String> names = new ArrayList<>(o.keySet());
    if (!names.equals(FIELDS) && !names.equals(FIELDS_WITH_INSTANCE)) {
      throw new Json.Malformed("fields " + names + " do not match the format " + FIELDS_WITH_INSTANCE
          + " (instance optional)");
    }
    String prev = hex(o, "prev");
    String hmac = hex(o, HMAC);
    if (Json.sealedBytes(line, HMAC, 64) == null) {
      throw new Json.Malformed("hmac is not written as the last field");
    }
    Object evidence = o.get("evidence");
    if (!(evidence instanceof Map)) {
      throw new Json.Malformed("field 'evidence' must be an object, got " + Json.describe(evidence));
    }
    try {
      Optional<String> instance = o.containsKey("instance")
          ? Optional.of(Json.string(o, "instance")) : Optional.empty();
      return new AuditEntry(Json.number(o, "seq"), timestamp(Json.string(o, "timestamp")),
          Json.string(o, "actor"), Json.string(o, "action"), Json.string(o, "target"),
          Json.string(o, "outcome"), instance, Evidence.copyOf(evidenceMap(evidence)), prev, hmac,
          Json.sha256Hex(line, line.length));
    } catch (IllegalArgumentException e) {
      throw new Json.Malformed(e.getMessage());
    }
  }

  /** Returns whether the line's hmac is the HMAC of its sealed bytes; the line must have parsed. */
  boolean sealHolds(byte[] line, String hmac) {
    byte[] sealed = Json.sealedBytes(line, HMAC, 64);
    if (sealed == null) {
      return false;
    }
    byte[] expected = requireMac().doFinal(sealed);
    return MessageDigest.isEqual(expected, Json.HEX.parseHex(hmac));
  }

  private String seal(byte[] body, int length) {
    Mac m = requireMac();
    m.update(body, 0, length);
    m.update((byte) '}');
    return Json.HEX.formatHex(m.doFinal());
  }

  private Mac requireMac() {
    if (mac == null) {
      throw new IllegalStateException("this audit codec has no key");
    }
    return mac;
  }

  private static Map<String, Object> evidenceMap(Object evidence) throws Json.Malformed {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) evidence).entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue());
    }
    return copy;
  }

  private static String hex(Map<String, Object> o, String name) throws Json.Malformed {
    Object v = o.get(name);
    if (!Json.isHex64(v)) {
      throw new Json.Malformed("field '" + name + "' must be 64 lowercase hex digits");
    }
    return (String) v;
  }

  private static Instant timestamp(String text) throws Json.Malformed {
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw new Json.Malformed("field 'timestamp' is not an ISO-8601 instant: " + text);
    }
  }

  static byte[] withoutNewline(byte[] line) {
    return Arrays.copyOf(line, line.length - 1);
  }
}
