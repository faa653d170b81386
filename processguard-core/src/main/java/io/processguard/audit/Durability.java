package io.processguard.audit;

/**
 * When a file-backed audit log forces its entries to the storage device.
 *
 * <p>Either way an entry has been handed to the operating system (a {@code write} call) before
 * {@link AuditLog#append} returns, so it survives the death of the JVM. The modes differ in what
 * survives a crash of the machine or a power loss.
 */
public enum Durability {
  /**
   * {@code FileChannel.force} before {@link AuditLog#append} returns: a returned entry is on the
   * device. Concurrent appenders share one force (group commit), so the cost per entry falls as
   * threads are added.
   */
  FSYNC_EVERY_ENTRY,
  /**
   * Forced by a background thread at most {@link AuditConfig#batchMaxDelay()} after the oldest
   * unforced entry was written, inline by the appender that makes {@link
   * AuditConfig#batchMaxEntries()} entries pending, by {@link AuditLog#flush()} and by {@link
   * AuditLog#close()}. A machine crash loses at most the entries of the last batch.
   */
  FSYNC_BATCHED
}
