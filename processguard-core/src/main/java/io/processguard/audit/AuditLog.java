package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The tamper-evident audit log: an append-only sequence of {@link AuditEntry entries}, each
 * linked to the one before by SHA-256 and sealed with HMAC-SHA256, so that changing, deleting,
 * inserting or reordering entries is detected by {@link #verify()}.
 *
 * <p>Every decision and every operator act is appended before or as it happens. If {@link
 * #append} throws, the act was not recorded and the caller must not go ahead with it; after a
 * write or sync failure the log refuses further appends until it is reopened (which repairs a
 * torn last line).
 *
 * <p>Implementations are thread-safe: appends from many threads are serialized, and sequence
 * numbers follow the order in which appends took the write lock. A file-backed log allows one
 * writer per file (an OS lock on {@code <file>.lock}); any number of readers and verifiers may
 * read the file meanwhile. See {@code docs/audit.md} for the format.
 */
public interface AuditLog extends AutoCloseable {
  /** The {@code prev} of the first entry: 64 zeros. */
  String GENESIS_HASH = "0000000000000000000000000000000000000000000000000000000000000000";
  /** The action of the entry that records the repair of a torn last line: {@value}. */
  String REPAIRED_ACTION = "audit.repaired";

  /**
   * Writes an entry for the record and returns it with its sequence number, timestamp and seals.
   * In {@link Durability#FSYNC_EVERY_ENTRY} mode it is on the device when this returns.
   *
   * @throws IllegalStateException when the log is closed or failed earlier
   * @throws UncheckedIOException when the entry could not be written or synced
   */
  AuditEntry append(AuditRecord draft);

  /** Verifies every entry written so far and returns the verdict; concurrent appends go on. */
  AuditVerification verify();

  /** Returns every entry, oldest first, as stored (call {@link #verify()} to check them). */
  List<AuditEntry> entries();

  /** Returns up to {@code maxEntries} entries from the sequence number {@code fromSequence} on. */
  List<AuditEntry> read(long fromSequence, int maxEntries);

  /** Returns the sequence number of the last entry written; 0 for an empty log. */
  long lastSequence();

  /** Forces every written entry to the device now; a no-op in memory. */
  void flush();

  /** Flushes, writes a last checkpoint if configured, and releases the file; idempotent. */
  @Override
  void close();

  /** Returns a log kept in memory, sealed with the config's key; durability settings and checkpoints do not apply. */
  static AuditLog inMemory(AuditConfig config) {
    return new InMemoryAuditLog(requireNonNull(config, "config"));
  }

  /** Returns a log kept in memory with a random key, stamped by the clock. */
  static AuditLog inMemory(Clock clock) {
    return inMemory(AuditConfig.builder(AuditKey.random()).clock(clock).build());
  }

  /**
   * Opens or creates a file-backed log. An existing file is verified first: a torn last line
   * is cut off and an {@link #REPAIRED_ACTION} entry records what was cut; any other damage
   * fails the open.
   *
   * @throws AuditTamperedException when the existing file fails verification
   * @throws IllegalStateException when another writer holds the file
   * @throws UncheckedIOException when the file cannot be read or written
   */
  static AuditLog file(Path file, AuditConfig config) {
    return FileAuditLog.open(requireNonNull(file, "file"), requireNonNull(config, "config"));
  }

  /** Returns the path of the signed checkpoints file that goes with a log: {@code <log>.checkpoints}. */
  static Path checkpointsFile(Path log) {
    return log.resolveSibling(log.getFileName() + ".checkpoints");
  }

  /**
   * Reads every entry of a log file without verifying seals or chain; needs no key.
   *
   * @throws IllegalStateException when a line is not an entry
   */
  static List<AuditEntry> readFile(Path log) {
    try (InputStream in = Files.newInputStream(requireNonNull(log, "log"))) {
      return EntryReader.read(log.toString(), in, Long.MAX_VALUE, 1, Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + log + ": " + e.getMessage(), e);
    }
  }
}
