package io.processguard.audit;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * One signed checkpoint in the sidecar file: the hash of the entry with this sequence number, as
 * the writer saw it. The line is sealed like an entry, with an Ed25519 {@code signature} (base64)
 * as its last property over the line written without it.
 *
 * @param sequence the entry's sequence number
 * @param hash the entry's hash
 * @param timestamp when the checkpoint was written
 */
record Checkpoint(long sequence, String hash, Instant timestamp) {
  static final String SIGNATURE = "signature";
  static final int SIGNATURE_LENGTH = 88; // base64 of 64 bytes, with padding
  private static final List<String> FIELDS = List.of("seq", "hash", "timestamp", SIGNATURE);

  /** Returns the signed line, newline included. */
  byte[] sign(PrivateKey key) {
    Json.Sink out = new Json.Sink(200);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberProperty("seq", sequence);
      g.writeStringProperty("hash", hash);
      g.writeStringProperty("timestamp", timestamp.toString());
      g.flush();
      byte[] sealed = java.util.Arrays.copyOf(out.buffer(), out.size() + 1);
      sealed[sealed.length - 1] = '}';
      g.writeStringProperty(SIGNATURE, Base64.getEncoder().encodeToString(signature(key, sealed)));
      g.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Parses a line (without its newline) and checks its signature with the public key. */
  static Checkpoint verify(byte[] line, PublicKey key) throws Json.Malformed {
    LinkedHashMap<String, Object> o = Json.readObject(line);
    if (!new ArrayList<>(o.keySet()).equals(FIELDS)) {
      throw new Json.Malformed("fields " + o.keySet() + " do not match the format " + FIELDS);
    }
    byte[] sealed = Json.sealedBytes(line, SIGNATURE, SIGNATURE_LENGTH);
    if (sealed == null || !Json.isHex64(o.get("hash"))) {
      throw new Json.Malformed("not a checkpoint line");
    }
    try {
      Signature s = Signature.getInstance(CheckpointKeys.ALGORITHM);
      s.initVerify(key);
      s.update(sealed);
      if (!s.verify(Base64.getDecoder().decode(Json.string(o, SIGNATURE)))) {
        throw new Json.Malformed("signature does not verify");
      }
      return new Checkpoint(Json.number(o, "seq"), Json.string(o, "hash"),
          Instant.parse(Json.string(o, "timestamp")));
    } catch (GeneralSecurityException | IllegalArgumentException | DateTimeException e) {
      throw new Json.Malformed("signature does not verify");
    }
  }

  private static byte[] signature(PrivateKey key, byte[] sealed) {
    try {
      Signature s = Signature.getInstance(CheckpointKeys.ALGORITHM);
      s.initSign(key);
      s.update(sealed);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign audit checkpoint with Ed25519: " + e.getMessage(), e);
    }
  }
}
