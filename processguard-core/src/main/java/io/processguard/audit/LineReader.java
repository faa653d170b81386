package io.processguard.audit;

import java.io.IOException;
import java.io.InputStream;

/** Splits a byte stream into lines at {@code '\n'}, without decoding, keeping each line's offset. */
final class LineReader {
  private static final int CHUNK = 64 * 1024;

  /** Receives each line without its newline, where it starts, and whether a newline ended it. */
  @FunctionalInterface
  interface Visitor {
    void line(byte[] bytes, long offset, boolean terminated);
  }

  private LineReader() {}

  /** Reads at most {@code limit} bytes of the stream and passes every line to the visitor. */
  static void read(InputStream in, long limit, Visitor visitor) throws IOException {
    byte[] chunk = new byte[CHUNK];
    Json.Sink line = new Json.Sink(512);
    long offset = 0;
    long lineStart = 0;
    while (offset < limit) {
      int n = in.read(chunk, 0, (int) Math.min(CHUNK, limit - offset));
      if (n < 0) {
        break;
      }
      int from = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          line.write(chunk, from, i - from);
          visitor.line(line.toByteArray(), lineStart, true);
          line.reset();
          from = i + 1;
          lineStart = offset + i + 1;
        }
      }
      line.write(chunk, from, n - from);
      offset += n;
    }
    if (line.size() > 0) {
      visitor.line(line.toByteArray(), lineStart, false);
    }
  }
}
