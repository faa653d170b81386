package io.processguard.fleet;

import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditRecord;
import io.processguard.audit.AuditVerification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The fleet's one audit trail: entries from every instance in one hash-chained, HMAC-sealed
 * sequence, in the same line format as a file audit log ({@code docs/audit.md}), so {@link
 * #export} writes a file that {@link io.processguard.audit.AuditVerifier} and the {@code
 * audit-verify} command check.
 *
 * <p>Implementations are thread-safe; appends are serialized fleet-wide. Technical failures
 * throw {@link FleetStoreException}: the entry was then not written.
 */
public interface AuditSink {
  /**
   * Appends an entry for the record, stamped {@code at} (when it happened: entries queued while
   * the store was away keep their time), and returns it with its fleet-wide sequence number.
   */
  AuditEntry append(AuditRecord record, Instant at);

  /**
   * Appends the records in order, all or none (one transaction in PostgreSQL): used to flush the
   * entries queued while the store was away.
   */
  default List<AuditEntry> appendAll(List<Timed> records) {
    List<AuditEntry> out = new java.util.ArrayList<>(records.size());
    for (Timed t : records) {
      out.add(append(t.record(), t.at()));
    }
    return out;
  }

  /** Returns up to {@code maxEntries} entries from sequence {@code fromSequence} on. */
  List<AuditEntry> read(long fromSequence, int maxEntries);

  /** Returns the sequence number of the last entry; 0 when empty. */
  long lastSequence();

  /** Writes every entry's line, in order, to {@code out} (JSON Lines, as a file audit log). */
  void writeLines(Writer out) throws IOException;

  /** Verifies the whole trail with the audit package's verifier. */
  default AuditVerification verify(AuditKey key) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("processguard-fleet-audit", ".jsonl");
      export(tmp);
      return io.processguard.audit.AuditVerifier.of(key).verify(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot verify the fleet audit trail: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        tmp.toFile().delete();
      }
    }
  }

  /** Writes the trail to a file that the file audit log's verifier checks. */
  default void export(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeLines(w);
    }
  }

  /**
   * A record with the time it happened.
   *
   * @param record the record
   * @param at when it happened
   */
  record Timed(AuditRecord record, Instant at) {
    /** Validates. */
    public Timed {
      java.util.Objects.requireNonNull(record, "record");
      java.util.Objects.requireNonNull(at, "at");
    }
  }

  /** Returns a trail in this JVM's memory, sealed with the key: the embedded default. */
  static AuditSink inMemory(AuditKey key) {
    return new InMemoryAuditSink(key);
  }
}
