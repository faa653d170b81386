package io.processguard.fleet;

import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads audit lines in the file log's format ({@code docs/audit.md}): fields in order,
 * {@code hmac} = HMAC-SHA256 of the line without its hmac field, {@code hash} = SHA-256 of the
 * line. Not thread-safe (holds a {@link Mac}): one per writer.
 */
final class AuditLines {
  private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
  private static final HexFormat HEX = HexFormat.of();

  private final Mac mac;

  AuditLines(AuditKey key) {
    this.mac = key.newMac();
  }

  /** A line and the entry it encodes. */
  record Line(String text, AuditEntry entry) {}

  Line encode(long seq, Instant at, AuditRecord r, Optional<String> instance, String prev) {
    Optional<String> inst = r.instanceId().or(() -> instance);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    String hmac;
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberProperty("seq", seq);
      g.writeStringProperty("timestamp", at.toString());
      g.writeStringProperty("actor", r.actor());
      g.writeStringProperty("action", r.action());
      g.writeStringProperty("target", r.target());
      g.writeStringProperty("outcome", r.outcome());
      if (inst.isPresent()) {
        g.writeStringProperty("instance", inst.get());
      }
      g.writePOJOProperty("evidence", r.evidence());
      g.writeStringProperty("prev", prev);
      g.flush();
      mac.update(out.toByteArray());
      mac.update((byte) '}');
      hmac = HEX.formatHex(mac.doFinal());
      g.writeStringProperty("hmac", hmac);
      g.writeEndObject();
    }
    byte[] bytes = out.toByteArray();
    String hash = sha256(bytes);
    AuditEntry e = new AuditEntry(seq, at, r.actor(), r.action(), r.target(), r.outcome(), inst, r.evidence(), prev,
        hmac, hash);
    return new Line(new String(bytes, StandardCharsets.UTF_8), e);
  }

  /** Parses a stored line (format only; {@link AuditSink#verify} checks seals and links). */
  static AuditEntry parse(String line) {
    LinkedHashMap<String, Object> o = MAPPER.readValue(line, OBJECT);
    Optional<String> instance = Optional.ofNullable((String) o.get("instance"));
    Map<String, Object> evidence = new LinkedHashMap<>();
    Object ev = o.get("evidence");
    if (ev instanceof Map<?, ?> m) {
      m.forEach((k, v) -> evidence.put(String.valueOf(k), v));
    }
    return new AuditEntry(((Number) o.get("seq")).longValue(), Instant.parse((String) o.get("timestamp")),
        (String) o.get("actor"), (String) o.get("action"), (String) o.get("target"), (String) o.get("outcome"),
        instance, evidence, (String) o.get("prev"), (String) o.get("hmac"),
        sha256(line.getBytes(StandardCharsets.UTF_8)));
  }

  static List<AuditEntry> parseAll(List<String> lines) {
    List<AuditEntry> out = new ArrayList<>(lines.size());
    lines.forEach(l -> out.add(parse(l)));
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

}
