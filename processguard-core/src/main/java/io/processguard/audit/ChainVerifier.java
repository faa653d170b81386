package io.processguard.audit;

import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks audit lines in file order: format, seal, sequence, link to the previous entry, and the
 * signed checkpoints if any. Stops judging at the first broken line but keeps counting lines, so
 * the caller can tell a torn last line from damage in the middle.
 *
 * <p>Not thread-safe: one per verification.
 */
final class ChainVerifier implements LineReader.Visitor {
  static final String INCOMPLETE = "incomplete line (no trailing newline)";

  private final EntryCodec codec;
  private final NavigableMap<Long, String> checkpoints;
  private long lines;
  private long entries;
  private String lastHash = AuditLog.GENESIS_HASH;
  private long goodEnd;
  private AuditVerification.@Nullable Broken broken;
  private boolean brokenByFormat;

  ChainVerifier(AuditKey key, NavigableMap<Long, String> checkpoints) {
    this.codec = new EntryCodec(key);
    this.checkpoints = new TreeMap<>(checkpoints);
  }

  @Override
  public void line(byte[] bytes, long offset, boolean terminated) {
    lines++;
    if (broken != null) {
      return;
    }
    long expected = entries + 1;
    if (!terminated) {
      fail(expected, INCOMPLETE, true);
      return;
    }
    AuditEntry e;
    try {
      e = codec.parse(bytes);
    } catch (Json.Malformed m) {
      fail(expected, m.getMessage(), true);
      return;
    }
    String problem = problem(bytes, e, expected);
    if (problem != null) {
      fail(expected, problem, false);
      return;
    }
    entries = expected;
    lastHash = e.hash();
    goodEnd = offset + bytes.length + 1;
  }

  private @Nullable String problem(byte[] bytes, AuditEntry e, long expected) {
    if (!codec.sealHolds(bytes, e.hmac())) {
      return "hmac mismatch";
    }
    if (e.sequence() != expected) {
      return String.format(Locale.ROOT, "sequence %d, expected %d", e.sequence(), expected);
    }
    if (!e.previousHash().equals(lastHash)) {
      return expected == 1 ? "prev of the first entry is not the genesis hash"
          : "prev does not match the hash of entry " + (expected - 1);
    }
    String signed = checkpoints.get(expected);
    if (signed != null && !signed.equals(e.hash())) {
      return "hash differs from the signed checkpoint for sequence " + expected;
    }
    return null;
  }

  private void fail(long sequence, String reason, boolean format) {
    broken = new AuditVerification.Broken(sequence, lines, reason);
    brokenByFormat = format;
  }

  /** Returns the verdict over every line seen. */
  AuditVerification result() {
    return broken != null ? broken : prefixResult();
  }

  /** Returns the verdict over the lines that verified, as if the rest had been cut off. */
  AuditVerification prefixResult() {
    if (!checkpoints.isEmpty() && checkpoints.lastKey() > entries) {
      return new AuditVerification.Broken(entries + 1, entries + 1, String.format(Locale.ROOT,
          "log ends at sequence %d but a signed checkpoint covers sequence %d", entries, checkpoints.lastKey()));
    }
    return new AuditVerification.Intact(entries, entries, lastHash, checkpoints.size());
  }

  /** Returns whether the only damage is the last line being incomplete or unparsable: a torn write. */
  boolean tornTail() {
    return broken != null && brokenByFormat && broken.line() == lines;
  }

  long entries() {
    return entries;
  }

  String lastHash() {
    return lastHash;
  }

  /** Returns the offset just after the last verified line. */
  long goodEnd() {
    return goodEnd;
  }
}
