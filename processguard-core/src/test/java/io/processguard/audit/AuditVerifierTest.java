package io.processguard.audit;

import static io.processguard.audit.AuditFixtures.KEY;
import static io.processguard.audit.AuditFixtures.config;
import static io.processguard.audit.AuditFixtures.lines;
import static io.processguard.audit.AuditFixtures.restart;
import static io.processguard.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.ManualTicker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
  private static final KeyPair SIGNER = CheckpointKeys.generate();
  private final ManualTicker time = new ManualTicker();
  @TempDir Path dir;

  private AuditVerification verify(Path file) {
    return AuditVerifier.of(KEY).verify(file);
  }

  @Test
  void verify_flipAnyBitOfAnyByte_reportsTheLineHoldingIt() throws IOException {
    Path file = AuditFixtures.writeLog(dir, 4, config(time));
    byte[] original = Files.readAllBytes(file);
    Path copy = dir.resolve("flipped.jsonl");
    int checked = 0;
    for (int mask : new int[] {0x01, 0x20, 0x80}) {
      int line = 1;
      for (int i = 0; i < original.length; i++) {
        byte[] flipped = original.clone();
        flipped[i] ^= (byte) mask;
        Files.write(copy, flipped);
        AuditVerification v = verify(copy);
        assertThat(v.isIntact()).as("flip 0x%02x at byte %d", mask, i).isFalse();
        AuditVerification.Broken b = (AuditVerification.Broken) v;
        assertThat(b.line()).as("flip 0x%02x at byte %d: %s", mask, i, b.reason()).isEqualTo(line);
        assertThat(b.sequence()).isEqualTo(line);
        checked++;
        if (original[i] == '\n') {
          line++;
        }
      }
    }
    assertThat(checked).isEqualTo(3 * original.length);
    assertThat(verify(file).isIntact()).isTrue();
  }

  @Test
  void verify_flippedHmacDigit_saysHmacMismatch() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    List<byte[]> lines = lines(file);
    byte[] second = lines.get(1);
    int digit = second.length - 3;
    second[digit] = (byte) (second[digit] == '0' ? '1' : '0');
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 2 (line 2): hmac mismatch");
  }

  @Test
  void verify_editedValueWithValidJson_saysHmacMismatch() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    List<byte[]> lines = lines(file);
    String edited = new String(lines.get(2), StandardCharsets.UTF_8).replace("\"outcome\":\"ok\"", "\"outcome\":\"no\"");
    lines.set(2, edited.getBytes(StandardCharsets.UTF_8));
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 3 (line 3): hmac mismatch");
  }

  @Test
  void verify_deletedEntry_reportsTheGap() {
    Path file = AuditFixtures.writeLog(dir, 4, config(time));
    List<byte[]> lines = lines(file);
    lines.remove(1);
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 2 (line 2): sequence 3, expected 2");
  }

  @Test
  void verify_deletedFirstEntry_reportsEntryOne() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    List<byte[]> lines = lines(file);
    lines.remove(0);
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 1 (line 1): sequence 2, expected 1");
  }

  @Test
  void verify_insertedEntrySealedWithAnotherKey_saysHmacMismatch() {
    Path file = AuditFixtures.writeLog(dir, 4, config(time));
    List<byte[]> lines = lines(file);
    String prev = AuditLog.readFile(file).get(1).hash();
    byte[] forged = new EntryCodec(AuditKey.of(AuditFixtures.filled(32, (byte) 1)))
        .encode(3, Instant.parse("2026-01-01T00:00:02.5Z"), restart(99), Optional.empty(), prev).line();
    lines.add(2, EntryCodec.withoutNewline(forged));
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 3 (line 3): hmac mismatch");
  }

  @Test
  void verify_insertedEntryWithValidChainButBorrowedHmac_saysHmacMismatch() {
    Path file = AuditFixtures.writeLog(dir, 4, config(time));
    List<byte[]> lines = lines(file);
    List<AuditEntry> entries = AuditLog.readFile(file);
    // Right sequence, right prev (anyone can compute hashes), but no key: the seal is copied.
    String forged = String.format("{\"seq\":3,\"timestamp\":\"2026-01-01T00:00:02.5Z\",\"actor\":\"mallory\","
        + "\"action\":\"approval.granted\",\"target\":\"db\",\"outcome\":\"ok\",\"evidence\":{},"
        + "\"prev\":\"%s\",\"hmac\":\"%s\"}", entries.get(1).hash(), entries.get(2).hmac());
    lines.add(2, forged.getBytes(StandardCharsets.UTF_8));
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 3 (line 3): hmac mismatch");
  }

  @Test
  void verify_swappedEntries_reportsTheFirstOutOfPlace() {
    Path file = AuditFixtures.writeLog(dir, 4, config(time));
    List<byte[]> lines = lines(file);
    byte[] second = lines.get(1);
    lines.set(1, lines.get(2));
    lines.set(2, second);
    writeLines(file, lines);
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 2 (line 2): sequence 3, expected 2");
  }

  @Test
  void verify_entryResealedWithTheKeyButRenumbered_saysPrevDoesNotMatch() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    List<byte[]> lines = lines(file);
    // A key holder drops entry 2 and re-seals entry 3 as entry 2 without fixing the link.
    AuditEntry third = AuditLog.readFile(file).get(2);
    byte[] resealed = new EntryCodec(KEY).encode(2, third.timestamp(), third.record(), Optional.empty(),
        third.previousHash()).line();
    writeLines(file, List.of(lines.get(0), EntryCodec.withoutNewline(resealed)));
    assertThat(verify(file).describe()).isEqualTo("BROKEN at entry 2 (line 2): prev does not match the hash of entry 1");
  }

  @Test
  void verify_truncatedTail_isOnlyDetectedWithSignedCheckpoints() {
    AuditConfig signed = AuditConfig.builder(KEY).clock(time).checkpoints(SIGNER, 2).build();
    Path file = AuditFixtures.writeLog(dir, 5, signed);
    assertThat(AuditVerifier.of(KEY).withPublicKey(SIGNER.getPublic()).verify(file))
        .isEqualTo(new AuditVerification.Intact(5, 5, AuditLog.readFile(file).get(4).hash(), 3));
    List<byte[]> lines = lines(file);
    writeLines(file, lines.subList(0, 3));

    assertThat(verify(file).describe()).startsWith("OK: 3 entries, last sequence 3");
    assertThat(AuditVerifier.of(KEY).withPublicKey(SIGNER.getPublic()).verify(file).describe())
        .isEqualTo("BROKEN at entry 4 (line 4): log ends at sequence 3 but a signed checkpoint covers sequence 5");
    assertThatThrownBy(() -> AuditLog.file(file, signed))
        .isInstanceOf(AuditTamperedException.class)
        .hasMessageEndingWith("BROKEN at entry 4 (line 4): log ends at sequence 3 but a signed checkpoint covers sequence 5");
  }

  @Test
  void verify_historyRewrittenWithTheHmacKey_isCaughtByTheCheckpoint() {
    AuditConfig signed = AuditConfig.builder(KEY).clock(time).checkpoints(SIGNER, 2).build();
    Path file = AuditFixtures.writeLog(dir, 2, signed);
    List<AuditEntry> entries = AuditLog.readFile(file);
    EntryCodec codec = new EntryCodec(KEY);
    byte[] first = codec.encode(1, entries.get(0).timestamp(), restart(1), Optional.empty(), AuditLog.GENESIS_HASH).line();
    AuditRecord altered = AuditRecord.automated("restart").target("checkout").outcome("failed").build();
    byte[] second = codec.encode(2, entries.get(1).timestamp(), altered, Optional.empty(),
        AuditLog.readFile(file).get(0).hash()).line();
    writeLines(file, List.of(EntryCodec.withoutNewline(first), EntryCodec.withoutNewline(second)));

    assertThat(verify(file).isIntact()).isTrue();
    assertThat(AuditVerifier.of(KEY).withPublicKey(SIGNER.getPublic()).verify(file).describe())
        .isEqualTo("BROKEN at entry 2 (line 2): hash differs from the signed checkpoint for sequence 2");
  }

  @Test
  void verify_checkpointSignedWithAnotherKey_isReported() {
    AuditConfig other = AuditConfig.builder(KEY).clock(time).checkpoints(CheckpointKeys.generate(), 2).build();
    Path file = AuditFixtures.writeLog(dir, 2, other);
    assertThat(AuditVerifier.of(KEY).withPublicKey(SIGNER.getPublic()).verify(file).describe())
        .isEqualTo("BROKEN at entry 0 (line 0): checkpoint file line 1: signature does not verify");
  }

  @Test
  void verify_missingCheckpointFile_isReportedWhenAPublicKeyIsGiven() throws IOException {
    AuditConfig signed = AuditConfig.builder(KEY).clock(time).checkpoints(SIGNER, 2).build();
    Path file = AuditFixtures.writeLog(dir, 2, signed);
    Files.delete(AuditLog.checkpointsFile(file));
    assertThat(AuditVerifier.of(KEY).withPublicKey(SIGNER.getPublic()).verify(file).describe())
        .isEqualTo("BROKEN at entry 1 (line 1): checkpoint file " + AuditLog.checkpointsFile(file) + " is missing");
  }

  @Test
  void verify_emptyFile_isIntact() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.jsonl"));
    assertThat(verify(file)).isEqualTo(new AuditVerification.Intact(0, 0, AuditLog.GENESIS_HASH, 0));
  }
}
