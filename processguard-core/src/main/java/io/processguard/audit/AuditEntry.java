package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One written audit entry: the record as it stands in the log, with its place in the chain.
 *
 * <p>Immutable and thread-safe. {@code previousHash} and {@code hmac} are the values in the
 * file; {@code hash} is the SHA-256 of this entry's line (see {@code docs/audit.md}), which the
 * next entry carries as its {@code previousHash}.
 *
 * @param sequence the position in the log, from 1, without gaps
 * @param timestamp when the log wrote it, from the log's clock
 * @param actor who acted
 * @param action what was done
 * @param target the target acted on; may be empty
 * @param outcome how it ended; may be empty
 * @param instanceId the instance that wrote it, if any
 * @param evidence the decision record; unmodifiable
 * @param previousHash hex SHA-256 of the previous entry's line, or {@link AuditLog#GENESIS_HASH}
 * @param hmac hex HMAC-SHA256 of this entry's line without its {@code hmac} field
 * @param hash hex SHA-256 of this entry's whole line
 */
public record AuditEntry(
    long sequence,
    Instant timestamp,
    String actor,
    String action,
    String target,
    String outcome,
    Optional<String> instanceId,
    Map<String, Object> evidence,
    String previousHash,
    String hmac,
    String hash) {

  /** Validates and copies. */
  public AuditEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("audit entry sequence must be at least 1, got " + sequence);
    }
    requireNonNull(timestamp, "timestamp");
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    requireNonNull(target, "target");
    requireNonNull(outcome, "outcome");
    requireNonNull(instanceId, "instanceId");
    evidence = Evidence.copyOf(evidence);
    requireNonNull(previousHash, "previousHash");
    requireNonNull(hmac, "hmac");
    requireNonNull(hash, "hash");
  }

  /** Returns the record this entry was written from. */
  public AuditRecord record() {
    return new AuditRecord(actor, action, target, outcome, evidence, instanceId);
  }
}
