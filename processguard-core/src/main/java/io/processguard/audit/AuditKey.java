package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The secret HMAC-SHA256 key that seals audit entries.
 *
 * <p>Immutable and thread-safe. The key bytes never leave this object except into a {@link Mac}:
 * {@link #toString()} says only how long the key is, and no error message quotes the key or the
 * text it came from. Keys shorter than {@link #MIN_LENGTH} bytes are rejected.
 */
public final class AuditKey {
  /** The shortest key accepted, in bytes: {@value}. 32 bytes (256 bits) are recommended. */
  public static final int MIN_LENGTH = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private final byte[] bytes;

  private AuditKey(byte[] bytes, String source) {
    if (bytes.length < MIN_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "audit key from %s must be at least %d bytes, got %d", source, MIN_LENGTH, bytes.length));
    }
    this.bytes = bytes.clone();
  }

  /** Returns a key holding a copy of the given bytes. */
  public static AuditKey of(byte[] bytes) {
    return new AuditKey(requireNonNull(bytes, "bytes"), "bytes");
  }

  /** Returns the key whose bytes the base64 text (standard alphabet, surrounding blanks ignored) encodes. */
  public static AuditKey fromBase64(String base64) {
    return decode(requireNonNull(base64, "base64"), "base64 text");
  }

  /** Returns the key held, as base64 text, by the environment variable with this name. */
  public static AuditKey fromEnvironment(String variable) {
    return fromEnvironment(variable, System::getenv);
  }

  /**
   * Returns the key held, as base64 text, by the variable with this name in the given
   * environment (a lookup returning {@code null} for an unset variable).
   */
  public static AuditKey fromEnvironment(String variable, Function<String, @Nullable String> environment) {
    requireNonNull(variable, "variable");
    String value = environment.apply(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("audit key environment variable '" + variable + "' is not set");
    }
    return decode(value, "environment variable '" + variable + "'");
  }

  /** Returns the key held, as base64 text, by the file (one line; surrounding blanks ignored). */
  public static AuditKey fromFile(Path file) {
    requireNonNull(file, "file");
    try {
      return decode(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit key file " + file, e);
    }
  }

  /** Returns a new random 32-byte key, for in-memory logs and tests. */
  public static AuditKey random() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return new AuditKey(b, "random");
  }

  /** Returns the key's length in bytes. */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns a new, initialized HMAC-SHA256 instance; not thread-safe. Public so that other audit
   * writers (the fleet's shared trail) seal with the same key without the bytes leaving this object.
   */
  public Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(bytes, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  /** Says how long the key is, never what it is. */
  @Override
  public String toString() {
    return "AuditKey[redacted, " + bytes.length + " bytes]";
  }

  private static AuditKey decode(String text, String source) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: drop it.
      throw new IllegalArgumentException("audit key from " + source + " is not valid base64", null);
    }
    try {
      return new AuditKey(decoded, source);
    } finally {
      Arrays.fill(decoded, (byte) 0);
    }
  }
}
