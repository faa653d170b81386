package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** An audit log held in memory, line for line as the file would hold it. Thread-safe by one lock. */
final class InMemoryAuditLog implements AuditLog {
  private final AuditConfig config;
  private final EntryCodec codec;
  private final List<byte[]> lines = new ArrayList<>();
  private String lastHash = GENESIS_HASH;
  private boolean closed;

  InMemoryAuditLog(AuditConfig config) {
    this.config = config;
    this.codec = new EntryCodec(config.key());
  }

  @Override
  public synchronized AuditEntry append(AuditRecord draft) {
    requireNonNull(draft, "draft");
    if (closed) {
      throw new IllegalStateException("in-memory audit log is closed");
    }
    EntryCodec.Encoded e = codec.encode(lines.size() + 1L, config.clock().instant(), draft, config.instanceId(), lastHash);
    lines.add(EntryCodec.withoutNewline(e.line()));
    lastHash = e.entry().hash();
    return e.entry();
  }

  @Override
  public AuditVerification verify() {
    ChainVerifier chain = new ChainVerifier(config.key(), new java.util.TreeMap<>());
    long offset = 0;
    for (byte[] line : snapshot()) {
      chain.line(line, offset, true);
      offset += line.length + 1L;
    }
    return chain.result();
  }

  @Override
  public List<AuditEntry> entries() {
    return read(1, Integer.MAX_VALUE);
  }

  @Override
  public List<AuditEntry> read(long fromSequence, int maxEntries) {
    FileAuditLog.checkRead(fromSequence, maxEntries);
    return EntryReader.read("in memory", snapshot(), fromSequence, maxEntries);
  }

  @Override
  public synchronized long lastSequence() {
    return lines.size();
  }

  @Override
  public void flush() {
    // Nothing to force.
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private synchronized List<byte[]> snapshot() {
    return new ArrayList<>(lines);
  }

  @Override
  public String toString() {
    return "InMemoryAuditLog[entries=" + lastSequence() + "]";
  }
}
