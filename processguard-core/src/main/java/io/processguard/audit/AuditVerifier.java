package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Verifies an audit log file offline: every entry's format, HMAC, sequence and link to the
 * previous entry, and, given the Ed25519 public key, the signed checkpoints in the sidecar file
 * ({@link AuditLog#checkpointsFile(Path)}), which reveal a deleted tail.
 *
 * <p>Immutable and thread-safe; each {@link #verify(Path)} reads the files afresh.
 */
public final class AuditVerifier {
  private final AuditKey key;
  private final @Nullable PublicKey publicKey;

  private AuditVerifier(AuditKey key, @Nullable PublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
  }

  /** Returns a verifier that checks entries with this HMAC key and ignores checkpoints. */
  public static AuditVerifier of(AuditKey key) {
    return new AuditVerifier(requireNonNull(key, "key"), null);
  }

  /** Returns a verifier that also checks the signed checkpoints with this Ed25519 public key. */
  public AuditVerifier withPublicKey(PublicKey publicKey) {
    return new AuditVerifier(key, requireNonNull(publicKey, "publicKey"));
  }

  /**
   * Verifies the log file and, with a public key, its checkpoints file (which must then exist
   * unless the log is empty).
   *
   * @throws UncheckedIOException when a file cannot be read
   */
  public AuditVerification verify(Path log) {
    requireNonNull(log, "log");
    try {
      return scan(log, Long.MAX_VALUE, Long.MAX_VALUE).result();
    } catch (CheckpointProblem p) {
      return p.broken;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + log + ": " + e.getMessage(), e);
    }
  }

  /**
   * Verifies at most {@code limit} bytes of the log against the checkpoints up to {@code
   * maxCheckpoint}, returning the finished verifier for callers that need more than the verdict.
   */
  ChainVerifier scan(Path log, long limit, long maxCheckpoint) throws IOException, CheckpointProblem {
    NavigableMap<Long, String> signed = publicKey == null ? new TreeMap<>()
        : checkpoints(log, publicKey, maxCheckpoint);
    ChainVerifier chain = new ChainVerifier(key, signed);
    try (InputStream in = Files.newInputStream(log)) {
      LineReader.read(in, limit, chain);
    }
    return chain;
  }

  private static NavigableMap<Long, String> checkpoints(Path log, PublicKey key, long max)
      throws IOException, CheckpointProblem {
    Path file = AuditLog.checkpointsFile(log);
    CheckpointReader reader = new CheckpointReader(key, max);
    try (InputStream in = Files.newInputStream(file)) {
      LineReader.read(in, Long.MAX_VALUE, reader);
    } catch (NoSuchFileException e) {
      if (Files.size(log) > 0) {
        throw new CheckpointProblem(1, "checkpoint file " + file + " is missing");
      }
    }
    if (reader.problem != null) {
      throw reader.problem;
    }
    return reader.signed;
  }

  /** Collects verified checkpoints up to a sequence number; stops at the first bad line. */
  private static final class CheckpointReader implements LineReader.Visitor {
    private final PublicKey key;
    private final long max;
    private final NavigableMap<Long, String> signed = new TreeMap<>();
    private long lines;
    private long last;
    private @Nullable CheckpointProblem problem;

    CheckpointReader(PublicKey key, long max) {
      this.key = key;
      this.max = max;
    }

    @Override
    public void line(byte[] bytes, long offset, boolean terminated) {
      lines++;
      if (problem != null) {
        return;
      }
      if (!terminated) {
        problem = new CheckpointProblem(0, "checkpoint file line " + lines + ": " + ChainVerifier.INCOMPLETE);
        return;
      }
      try {
        Checkpoint c = Checkpoint.verify(bytes, key);
        if (c.sequence() <= last) {
          problem = new CheckpointProblem(c.sequence(), String.format(Locale.ROOT,
              "checkpoint file line %d: sequence %d does not follow %d", lines, c.sequence(), last));
          return;
        }
        last = c.sequence();
        if (c.sequence() <= max) {
          signed.put(c.sequence(), c.hash());
        }
      } catch (Json.Malformed m) {
        problem = new CheckpointProblem(0, "checkpoint file line " + lines + ": " + m.getMessage());
      }
    }
  }

  /** A checkpoint file that does not verify; reported as the log being broken. */
  static final class CheckpointProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final transient AuditVerification.Broken broken;

    CheckpointProblem(long sequence, String reason) {
      super(reason, null, false, false);
      this.broken = new AuditVerification.Broken(sequence, sequence, reason);
    }
  }
}
