package io.processguard.fleet;

import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fleet's one audit chain in {@code processguard_audit}. An append locks the chain's head row
 * ({@code SELECT ... FOR UPDATE}), seals the next entry against the head's hash, inserts it and
 * moves the head, in one transaction: appends from all instances are serialized by PostgreSQL,
 * and an append that fails leaves no trace.
 */
final class PostgresAuditSink implements AuditSink {
  private final Jdbc jdbc;
  private final AuditLines codec;

  PostgresAuditSink(Jdbc jdbc, AuditKey key) {
    this.jdbc = jdbc;
    this.codec = new AuditLines(key);
  }

  @Override
  public AuditEntry append(AuditRecord record, Instant at) {
    return appendAll(List.of(new Timed(record, at))).get(0);
  }

  @Override
  public List<AuditEntry> appendAll(List<Timed> records) {
    return jdbc.tx("append " + records.size() + " audit entries", c -> {
      long seq;
      String prev;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT last_seq, last_hash FROM processguard_audit_head WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        seq = rs.getLong(1);
        prev = rs.getString(2);
      }
      List<AuditEntry> out = new ArrayList<>(records.size());
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO processguard_audit (seq, instance, line, hash) VALUES (?, ?, ?, ?)")) {
        for (Timed t : records) {
          AuditLines.Line line;
          synchronized (codec) {
            line = codec.encode(++seq, t.at(), t.record(), Optional.empty(), prev);
          }
          ins.setLong(1, seq);
          ins.setString(2, line.entry().instanceId().orElse(""));
          ins.setString(3, line.text());
          ins.setString(4, line.entry().hash());
          ins.addBatch();
          prev = line.entry().hash();
          out.add(line.entry());
        }
        ins.executeBatch();
      }
      Jdbc.update(c, "UPDATE processguard_audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, prev);
      return out;
    });
  }

  @Override
  public List<AuditEntry> read(long fromSequence, int maxEntries) {
    return jdbc.tx("read audit", c -> AuditLines.parseAll(lines(c, fromSequence, maxEntries)));
  }

  @Override
  public long lastSequence() {
    return jdbc.tx("read audit head", c -> Jdbc.queryLong(c, "SELECT last_seq FROM processguard_audit_head WHERE id = 1"));
  }

  @Override
  public void writeLines(Writer out) throws IOException {
    try {
      jdbc.tx("export audit", c -> {
        long from = 1;
        List<String> page;
        do {
          page = lines(c, from, 5000);
          try {
            for (String l : page) {
              out.write(l);
              out.write('\n');
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          from += page.size();
        } while (!page.isEmpty());
        return null;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static List<String> lines(Connection c, long from, int max) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = Jdbc.prepare(c, "SELECT line FROM processguard_audit WHERE seq >= ? ORDER BY seq LIMIT ?",
        from, max); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
