package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fleet audit trail in memory. Thread-safe by one lock. */
final class InMemoryAuditSink implements AuditSink {
  private final AuditLines codec;
  private final List<String> lines = new ArrayList<>();
  private String lastHash = AuditLog.GENESIS_HASH;

  InMemoryAuditSink(AuditKey key) {
    this.codec = new AuditLines(requireNonNull(key, "key"));
  }

  @Override
  public synchronized AuditEntry append(AuditRecord record, Instant at) {
    AuditLines.Line line = codec.encode(lines.size() + 1L, at, record, Optional.empty(), lastHash);
    lines.add(line.text());
    lastHash = line.entry().hash();
    return line.entry();
  }

  @Override
  public synchronized List<AuditEntry> read(long fromSequence, int maxEntries) {
    int from = (int) Math.min(Math.max(fromSequence, 1) - 1, lines.size());
    int to = (int) Math.min(lines.size(), (long) from + maxEntries);
    return AuditLines.parseAll(lines.subList(from, to));
  }

  @Override
  public synchronized long lastSequence() {
    return lines.size();
  }

  @Override
  public synchronized void writeLines(Writer out) throws IOException {
    for (String l : lines) {
      out.write(l);
      out.write('\n');
    }
  }
}
