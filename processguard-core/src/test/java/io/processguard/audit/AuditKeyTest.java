package io.processguard.audit;

import static io.processguard.audit.AuditFixtures.KEY_BASE64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyTest {
  private static final String KEY_HEX = HexFormat.of().formatHex(AuditFixtures.KEY_BYTES);
  @TempDir Path dir;

  @Test
  void toString_neverShowsTheKey() {
    AuditKey key = AuditKey.fromBase64(KEY_BASE64);
    AuditConfig config = AuditConfig.builder(key).checkpoints(CheckpointKeys.generate(), 10).build();
    assertThat(key).hasToString("AuditKey[redacted, 32 bytes]");
    assertThat(config.toString()).contains("key=AuditKey[redacted, 32 bytes]")
        .contains("checkpoints=Ed25519 (private key redacted)")
        .doesNotContain(KEY_BASE64).doesNotContain(KEY_HEX);
  }

  @Test
  void fromEnvironment_readsBase64AndNamesOnlyTheVariableOnError() {
    assertThat(AuditKey.fromEnvironment("K", Map.of("K", " " + KEY_BASE64 + "\n")::get).length()).isEqualTo(32);
    assertThatThrownBy(() -> AuditKey.fromEnvironment("K", Map.of("K", "not*base64")::get))
        .hasMessage("audit key from environment variable 'K' is not valid base64");
    assertThatThrownBy(() -> AuditKey.fromEnvironment("K", Map.of("K", "c2hvcnQ=")::get))
        .hasMessage("audit key from environment variable 'K' must be at least 16 bytes, got 5");
    assertThatThrownBy(() -> AuditKey.fromEnvironment("MISSING", Map.<String, String>of()::get))
        .hasMessage("audit key environment variable 'MISSING' is not set");
  }

  @Test
  void fromFile_readsBase64Text() throws IOException {
    Path file = Files.writeString(dir.resolve("k"), KEY_BASE64 + "\n");
    assertThat(AuditKey.fromFile(file).length()).isEqualTo(32);
  }

  @Test
  void logOutput_ofARepair_neverShowsTheKey() throws IOException {
    ManualTicker time = new ManualTicker();
    AuditConfig config = AuditConfig.builder(AuditKey.fromBase64(KEY_BASE64)).clock(time).build();
    Path file = AuditFixtures.writeLog(dir, 2, config);
    Files.write(file, new byte[] {'{', '"'}, StandardOpenOption.APPEND);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (AuditLog log = AuditLog.file(file, config)) {
      assertThat(log.toString()).doesNotContain(KEY_BASE64).doesNotContain(KEY_HEX);
    } finally {
      System.setErr(original);
    }
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("cut a torn last line of 2 bytes").doesNotContain(KEY_BASE64).doesNotContain(KEY_HEX);
  }
}
