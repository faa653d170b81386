package io.processguard.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The bytes of one policy document and the name it is reported under (a path or a URL). The
 * name's extension decides the format: {@code .json} is JSON, anything else YAML.
 *
 * @param name the name problems are reported under, such as {@code policies/checkout.yaml}
 * @param bytes the content; not copied, do not change it
 */
public record PolicyFile(String name, byte[] bytes) {

  /** Validates. */
  public PolicyFile {
    requireNonNull(name, "name");
    requireNonNull(bytes, "bytes");
  }

  /** Returns a file of UTF-8 text. */
  public static PolicyFile of(String name, String text) {
    return new PolicyFile(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the SHA-256 of a set of files, hex: of the bytes alone for one file, else of each
   * name and content in the given order (so a renamed file is a change).
   */
  public static String sha256(List<PolicyFile> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      if (files.size() == 1) {
        md.update(files.get(0).bytes());
      } else {
        for (PolicyFile f : files) {
          md.update(f.name().getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0);
          md.update(f.bytes());
          md.update((byte) 0);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
