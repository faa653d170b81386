package io.processguard.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Parses entry lines back into entries, without checking seals or chain. */
final class EntryReader implements LineReader.Visitor {
  private final String source;
  private final EntryCodec codec = new EntryCodec(null);
  private final long from;
  private final int max;
  private final List<AuditEntry> entries = new ArrayList<>();
  private long lines;

  private EntryReader(String source, long from, int max) {
    this.source = source;
    this.from = from;
    this.max = max;
  }

  static List<AuditEntry> read(String source, InputStream in, long limit, long from, int max) throws IOException {
    EntryReader reader = new EntryReader(source, from, max);
    LineReader.read(in, limit, reader);
    return List.copyOf(reader.entries);
  }

  static List<AuditEntry> read(String source, List<byte[]> lines, long from, int max) {
    EntryReader reader = new EntryReader(source, from, max);
    lines.forEach(l -> reader.line(l, 0, true));
    return List.copyOf(reader.entries);
  }

  @Override
  public void line(byte[] bytes, long offset, boolean terminated) {
    if (!terminated) {
      return; // a write in progress, or a torn one: not an entry yet
    }
    lines++;
    if (lines < from || entries.size() >= max) {
      return;
    }
    try {
      entries.add(codec.parse(bytes));
    } catch (Json.Malformed e) {
      throw new IllegalStateException("audit log " + source + " line " + lines + ": " + e.getMessage());
    }
  }
}
