package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys for signed audit checkpoints: generation and PEM text ({@code PUBLIC KEY} is
 * X.509 SubjectPublicKeyInfo, {@code PRIVATE KEY} is PKCS#8, as {@code openssl genpkey -algorithm
 * ed25519} writes them).
 *
 * <p>Stateless and thread-safe.
 */
public final class CheckpointKeys {
  static final String ALGORITHM = "Ed25519";
  private static final String PUBLIC = "PUBLIC KEY";
  private static final String PRIVATE = "PRIVATE KEY";

  private CheckpointKeys() {}

  /** Returns a new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  /** Returns the public key as PEM text. */
  public static String publicKeyPem(PublicKey key) {
    return pem(PUBLIC, requireNonNull(key, "key").getEncoded());
  }

  /** Returns the private key as PEM text; keep it secret. */
  public static String privateKeyPem(PrivateKey key) {
    return pem(PRIVATE, requireNonNull(key, "key").getEncoded());
  }

  /** Parses an Ed25519 public key from PEM text. */
  public static PublicKey parsePublicKey(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(PUBLIC, pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** Parses an Ed25519 key pair from the PEM text of its private and public keys. */
  public static KeyPair parseKeyPair(String privatePem, String publicPem) {
    try {
      PrivateKey priv = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(PRIVATE, privatePem)));
      return new KeyPair(parsePublicKey(publicPem), priv);
    } catch (GeneralSecurityException e) {
      // The cause's message could describe the key material: leave it out.
      throw new IllegalArgumentException("not an Ed25519 private key", null);
    }
  }

  static void requireEd25519(KeyPair pair) {
    String pub = pair.getPublic().getAlgorithm();
    String priv = pair.getPrivate().getAlgorithm();
    if (!isEd25519(pub) || !isEd25519(priv)) {
      throw new IllegalArgumentException("audit checkpoint keys must be Ed25519, got " + pub + "/" + priv);
    }
  }

  private static boolean isEd25519(String algorithm) {
    return algorithm.equals(ALGORITHM) || algorithm.equals("EdDSA");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(String type, String pem) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = requireNonNull(pem, "pem").indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("expected PEM text with '" + begin + "' and '" + end + "'");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM " + type + " is not valid base64", null);
    }
  }
}
