package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The result of verifying an audit log: intact, or broken at the first entry that fails.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface AuditVerification permits AuditVerification.Intact, AuditVerification.Broken {

  /** Returns whether the log verified. */
  boolean isIntact();

  /** Returns one line for people: {@code OK: ...} or {@code BROKEN at entry N (line L): reason}. */
  String describe();

  /**
   * Every entry verified.
   *
   * @param entries how many entries the log holds
   * @param lastSequence the last entry's sequence number; 0 for an empty log
   * @param lastHash the last entry's hash; {@link AuditLog#GENESIS_HASH} for an empty log
   * @param checkpoints how many signed checkpoints were verified; 0 when none were checked
   */
  record Intact(long entries, long lastSequence, String lastHash, long checkpoints) implements AuditVerification {
    /** Validates. */
    public Intact {
      requireNonNull(lastHash, "lastHash");
    }

    @Override
    public boolean isIntact() {
      return true;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "OK: %d entries, last sequence %d, last hash %s", entries, lastSequence, lastHash);
    }
  }

  /**
   * The log is broken; nothing at or after this entry can be trusted.
   *
   * @param sequence the sequence number the broken entry should have (equal to its line number)
   * @param line the 1-based line number in the log file
   * @param reason what is wrong, such as {@code hmac mismatch} or {@code sequence 3, expected 2}
   */
  record Broken(long sequence, long line, String reason) implements AuditVerification {
    /** Validates. */
    public Broken {
      requireNonNull(reason, "reason");
    }

    @Override
    public boolean isIntact() {
      return false;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "BROKEN at entry %d (line %d): %s", sequence, line, reason);
    }
  }
}
