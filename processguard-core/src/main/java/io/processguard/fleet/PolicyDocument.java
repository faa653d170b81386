package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One published version of a named policy document: its content as text (a policy file, JSON or
 * YAML, as the application writes it) and the SHA-256 of that text.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the policy's name, {@code [A-Za-z0-9._:/-]{1,128}}
 * @param version from 1; each publish of a name must raise it
 * @param content the document
 * @param sha256 64 lowercase hex digits: SHA-256 of the content's UTF-8 bytes
 */
public record PolicyDocument(String name, long version, String content, String sha256) {

  /** Validates: the name's shape, the version, and that the hash is the content's. */
  public PolicyDocument {
    requireNonNull(name, "name");
    requireNonNull(content, "content");
    requireNonNull(sha256, "sha256");
    if (!name.matches("[A-Za-z0-9._:/-]{1,128}")) {
      throw new IllegalArgumentException("policy document name must match [A-Za-z0-9._:/-]{1,128}, got '" + name + "'");
    }
    if (version < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "policy document '%s' version must be >= 1, got %d", name, version));
    }
    String actual = sha256(content);
    if (!actual.equals(sha256)) {
      throw new IllegalArgumentException("policy document '" + name + "' v" + version
          + " hash does not match its content: expected " + actual + ", got '" + sha256 + "'");
    }
  }

  /** Returns a document whose hash is computed from the content. */
  public static PolicyDocument of(String name, long version, String content) {
    return new PolicyDocument(name, version, content, sha256(requireNonNull(content, "content")));
  }

  /** Returns the hex SHA-256 of the text's UTF-8 bytes. */
  public static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
