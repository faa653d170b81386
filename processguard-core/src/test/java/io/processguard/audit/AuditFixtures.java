package io.processguard.audit;

import io.processguard.ManualTicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keys, records and file surgery shared by the audit tests. */
final class AuditFixtures {
  static final byte[] KEY_BYTES = filled(32, (byte) 7);
  static final AuditKey KEY = AuditKey.of(KEY_BYTES);
  static final String KEY_BASE64 = java.util.Base64.getEncoder().encodeToString(KEY_BYTES);

  private AuditFixtures() {}

  static byte[] filled(int n, byte b) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, b);
    return bytes;
  }

  static AuditRecord restart(int i) {
    return AuditRecord.automated("restart").target("checkout").outcome("ok")
        .evidence("attempt", i).evidence("reason", "heap.used.ratio=0.95 > 0.9").build();
  }

  /** Writes n entries with the clock advancing one second per entry, then closes the log. */
  static Path writeLog(Path dir, int n, AuditConfig config) {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.file(file, config)) {
      for (int i = 1; i <= n; i++) {
        ((ManualTicker) config.clock()).advance(Duration.ofSeconds(1));
        log.append(restart(i));
      }
    }
    return file;
  }

  static AuditConfig config(ManualTicker time) {
    return AuditConfig.builder(KEY).clock(time).build();
  }

  static List<byte[]> lines(Path file) {
    List<byte[]> lines = new ArrayList<>();
    for (String s : readString(file).split("\n", -1)) {
      lines.add(s.getBytes(StandardCharsets.UTF_8));
    }
    lines.remove(lines.size() - 1); // after the last newline
    return lines;
  }

  static void writeLines(Path file, List<byte[]> lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(new String(l, StandardCharsets.UTF_8)).append('\n'));
    try {
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
