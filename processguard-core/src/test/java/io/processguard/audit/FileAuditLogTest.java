package io.processguard.audit;

import static io.processguard.audit.AuditFixtures.KEY;
import static io.processguard.audit.AuditFixtures.config;
import static io.processguard.audit.AuditFixtures.restart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.processguard.ManualTicker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest {
  private final ManualTicker time = new ManualTicker();
  @TempDir Path dir;

  @Test
  void append_thenReadBack_roundTripsEveryField() {
    Path file = dir.resolve("audit.jsonl");
    AuditRecord decision = AuditRecord.builder("alice", "approval.granted").target("db-primary")
        .outcome("granted").instanceId("pod-7")
        .evidence("rule", "failover").evidence("attempt", 2).evidence("ratio", 0.95)
        .evidence("dryRun", false).evidence("reasons", List.of("lag > 30s", 3))
        .evidence("budget", Map.of("used", 1, "max", 3)).build();
    AuditEntry written;
    try (AuditLog log = AuditLog.file(file, config(time))) {
      written = log.append(decision);
      assertThat(log.entries()).containsExactly(written);
    }
    assertThat(written.sequence()).isEqualTo(1);
    assertThat(written.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(written.previousHash()).isEqualTo(AuditLog.GENESIS_HASH);
    assertThat(written.record()).isEqualTo(decision);
    assertThat(written.evidence()).containsEntry("attempt", 2L).containsEntry("ratio", 0.95)
        .containsEntry("reasons", List.of("lag > 30s", 3L));
    assertThat(AuditLog.readFile(file)).containsExactly(written);
  }

  @Test
  void append_writesOneCanonicalLinePerEntry() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.file(file, config(time))) {
      log.append(AuditRecord.automated("restart").target("checkout").outcome("ok").evidence("attempt", 1).build());
    }
    String line = Files.readString(file);
    assertThat(line).matches("\\{\"seq\":1,\"timestamp\":\"2026-01-01T00:00:00Z\",\"actor\":\"processguard\","
        + "\"action\":\"restart\",\"target\":\"checkout\",\"outcome\":\"ok\",\"evidence\":\\{\"attempt\":1},"
        + "\"prev\":\"0{64}\",\"hmac\":\"[0-9a-f]{64}\"}\n");
    AuditEntry e = AuditLog.readFile(file).get(0);
    assertThat(e.hash()).isEqualTo(Json.sha256Hex(line.strip().getBytes(StandardCharsets.UTF_8), line.length() - 1));
  }

  @Test
  void open_existingLog_continuesTheChain() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    AuditEntry fourth;
    try (AuditLog log = AuditLog.file(file, config(time))) {
      assertThat(log.lastSequence()).isEqualTo(3);
      fourth = log.append(restart(4));
    }
    List<AuditEntry> entries = AuditLog.readFile(file);
    assertThat(fourth.sequence()).isEqualTo(4);
    assertThat(fourth.previousHash()).isEqualTo(entries.get(2).hash());
    assertThat(AuditVerifier.of(KEY).verify(file).describe())
        .isEqualTo("OK: 4 entries, last sequence 4, last hash " + fourth.hash());
  }

  @Test
  void open_withWrongKey_failsNamingTheFirstEntry() {
    Path file = AuditFixtures.writeLog(dir, 2, config(time));
    AuditConfig other = AuditConfig.builder(AuditKey.of(AuditFixtures.filled(32, (byte) 9))).clock(time).build();
    assertThatThrownBy(() -> AuditLog.file(file, other))
        .isInstanceOf(AuditTamperedException.class)
        .hasMessage("audit log " + file.toAbsolutePath() + " failed verification, refusing to append: "
            + "BROKEN at entry 1 (line 1): hmac mismatch");
  }

  @Test
  void open_brokenInTheMiddle_failsAndLeavesTheFileAlone() throws IOException {
    Path file = AuditFixtures.writeLog(dir, 4, config(time));
    List<byte[]> lines = AuditFixtures.lines(file);
    lines.remove(1);
    AuditFixtures.writeLines(file, lines);
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> AuditLog.file(file, config(time)))
        .isInstanceOf(AuditTamperedException.class)
        .hasMessageEndingWith("BROKEN at entry 2 (line 2): sequence 3, expected 2")
        .extracting(e -> ((AuditTamperedException) e).broken().sequence()).isEqualTo(2L);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void open_tornLastLine_cutsItAndRecordsTheRepair() throws IOException {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    long goodSize = Files.size(file);
    byte[] torn = "{\"seq\":4,\"timestamp\":\"2026-01-01T00:00:0".getBytes(StandardCharsets.UTF_8);
    Files.write(file, torn, StandardOpenOption.APPEND);

    AuditEntry repair;
    try (AuditLog log = AuditLog.file(file, config(time))) {
      repair = log.entries().get(3);
      assertThat(log.verify().isIntact()).isTrue();
      assertThat(log.append(restart(5)).sequence()).isEqualTo(5);
    }
    assertThat(repair.sequence()).isEqualTo(4);
    assertThat(repair.actor()).isEqualTo("processguard");
    assertThat(repair.action()).isEqualTo(AuditLog.REPAIRED_ACTION);
    assertThat(repair.target()).isEqualTo("audit.jsonl");
    assertThat(repair.outcome()).isEqualTo("truncated");
    assertThat(repair.evidence()).containsExactly(
        Map.entry("offset", goodSize), Map.entry("truncatedBytes", (long) torn.length),
        Map.entry("truncatedSha256", Json.sha256Hex(torn, torn.length)),
        Map.entry("reason", "incomplete line (no trailing newline)"));
    assertThat(AuditVerifier.of(KEY).verify(file).describe()).startsWith("OK: 5 entries, last sequence 5");
  }

  @Test
  void open_unparsableLastLineWithNewline_isRepairedToo() throws IOException {
    Path file = AuditFixtures.writeLog(dir, 2, config(time));
    Files.write(file, new byte[] {0, 0, 0, 0, '\n'}, StandardOpenOption.APPEND);
    try (AuditLog log = AuditLog.file(file, config(time))) {
      AuditEntry repair = log.entries().get(2);
      assertThat(repair.evidence().get("truncatedBytes")).isEqualTo(5L);
      assertThat((String) repair.evidence().get("reason")).startsWith("unparsable JSON: ");
    }
    assertThat(AuditVerifier.of(KEY).verify(file).isIntact()).isTrue();
  }

  @Test
  void verify_whileOpen_detectsAFileTruncatedUnderneath() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.file(file, config(time))) {
      log.append(restart(1));
      long oneLine = Files.size(file);
      log.append(restart(2));
      try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(oneLine);
      }
      assertThat(log.verify().describe())
          .isEqualTo("BROKEN at entry 2 (line 2): log ends at sequence 1 but this log wrote up to sequence 2");
    }
  }

  @Test
  void open_secondWriterOnTheSameFile_isRefused() {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.file(file, config(time))) {
      assertThat(log.lastSequence()).isZero();
      assertThatThrownBy(() -> AuditLog.file(file, config(time)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("audit log " + file.toAbsolutePath() + " is already open for writing ("
              + file.toAbsolutePath() + ".lock is locked)");
    }
  }

  @Test
  void append_fsyncEveryEntry_entryIsSyncedAndReadableByAFreshReaderOnReturn() {
    Path file = dir.resolve("audit.jsonl");
    try (FileAuditLog log = (FileAuditLog) AuditLog.file(file, config(time))) {
      for (int i = 1; i <= 3; i++) {
        AuditEntry e = log.append(restart(i));
        assertThat(log.syncCount()).isEqualTo(i);
        assertThat(AuditLog.readFile(file)).hasSize(i).last().isEqualTo(e);
        assertThat(AuditVerifier.of(KEY).verify(file).isIntact()).isTrue();
      }
    }
  }

  @Test
  void append_fsyncBatched_syncsWhenTheBatchIsFullAndOnClose() {
    Path file = dir.resolve("audit.jsonl");
    AuditConfig batched = AuditConfig.builder(KEY).clock(time).fsyncBatched(Duration.ofHours(1), 3).build();
    FileAuditLog log = (FileAuditLog) AuditLog.file(file, batched);
    log.append(restart(1));
    log.append(restart(2));
    assertThat(log.syncCount()).isZero();
    assertThat(AuditLog.readFile(file)).hasSize(2); // written to the OS before returning
    log.append(restart(3));
    assertThat(log.syncCount()).isEqualTo(1);
    log.append(restart(4));
    log.close();
    assertThat(log.syncCount()).isEqualTo(2);
    assertThat(AuditVerifier.of(KEY).verify(file).describe()).startsWith("OK: 4 entries");
  }

  @Test
  void append_fsyncBatched_syncsWithinTheMaxDelay() {
    Path file = dir.resolve("audit.jsonl");
    AuditConfig batched = AuditConfig.builder(KEY).clock(time).fsyncBatched(Duration.ofMillis(5), 1000).build();
    try (FileAuditLog log = (FileAuditLog) AuditLog.file(file, batched)) {
      log.append(restart(1));
      await().atMost(5, TimeUnit.SECONDS).until(() -> log.syncCount() == 1);
    }
  }

  @Test
  void append_eightThreads_produceAContiguousVerifiableChain() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditConfig batched = AuditConfig.builder(KEY).clock(time).fsyncBatched(Duration.ofMillis(20), 64).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (AuditLog log = AuditLog.file(file, batched)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          List<Long> seqs = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            seqs.add(log.append(restart(i)).sequence());
          }
          return seqs;
        }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        List<Long> mine = f.get(30, TimeUnit.SECONDS);
        assertThat(mine).isSorted();
        all.addAll(mine);
      }
      assertThat(all).hasSize(800).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 800);
      assertThat(log.verify().describe()).startsWith("OK: 800 entries, last sequence 800");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void append_afterClose_throws() {
    AuditLog log = AuditLog.file(dir.resolve("audit.jsonl"), config(time));
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(restart(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audit log " + dir.resolve("audit.jsonl").toAbsolutePath() + " is closed");
  }

  @Test
  void read_fromSequence_returnsAPage() {
    Path file = AuditFixtures.writeLog(dir, 5, config(time));
    try (AuditLog log = AuditLog.file(file, config(time))) {
      assertThat(log.read(2, 2)).extracting(AuditEntry::sequence).containsExactly(2L, 3L);
      assertThat(log.read(5, 10)).extracting(AuditEntry::sequence).containsExactly(5L);
      assertThatThrownBy(() -> log.read(0, 1)).hasMessage("audit read fromSequence must be at least 1, got 0");
    }
  }

  @Test
  void append_defaultInstanceId_isWrittenUnlessTheRecordHasOne() {
    AuditConfig fleet = AuditConfig.builder(KEY).clock(time).instanceId("pod-1").build();
    try (AuditLog log = AuditLog.file(dir.resolve("audit.jsonl"), fleet)) {
      assertThat(log.append(restart(1)).instanceId()).isEqualTo(Optional.of("pod-1"));
      AuditRecord own = AuditRecord.builder("bob", "restart").instanceId("pod-2").build();
      assertThat(log.append(own).instanceId()).isEqualTo(Optional.of("pod-2"));
      assertThat(log.verify().isIntact()).isTrue();
    }
  }
}
