package io.processguard.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable canary selection: whether an instance enforces a policy version, from a hash of the
 * instance id, the policy name and the version. The same instance gets the same answer for the
 * same version on every restart; a new version reshuffles; a growing fraction only adds
 * instances. Stateless and thread-safe.
 */
public final class Canary {
  private Canary() {}

  /**
   * Returns the instance's position in [0, 1): the first 8 bytes of SHA-256({@code
   * instanceId/policy/version}) read as an unsigned fraction.
   */
  public static double position(String instanceId, String policy, String version) {
    byte[] h = sha256(instanceId + "/" + policy + "/" + version);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xFF);
    }
    return (v >>> 11) * 0x1.0p-53;
  }

  /** Returns whether the instance is among the {@code fraction} that enforce. */
  public static boolean selected(String instanceId, String policy, String version, double fraction) {
    return position(instanceId, policy, version) < fraction;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
