package io.processguard.audit;

import static io.processguard.audit.AuditFixtures.KEY;
import static io.processguard.audit.AuditFixtures.KEY_BASE64;
import static io.processguard.audit.AuditFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
  private final ManualTicker time = new ManualTicker();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AuditVerifyCommand command = new AuditVerifyCommand(Map.of("AUDIT_KEY", KEY_BASE64)::get);
  @TempDir Path dir;

  private int run(String... args) {
    return command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_intactLogWithKeyFromEnvironment_printsOkAndExitsZero() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    String last = AuditLog.readFile(file).get(2).hash();
    assertThat(run("verify", file.toString(), "--key-env", "AUDIT_KEY")).isEqualTo(0);
    assertThat(out()).isEqualTo("OK: 3 entries, last sequence 3, last hash " + last + "\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void run_keyFromFile_verifies() throws IOException {
    Path file = AuditFixtures.writeLog(dir, 2, config(time));
    Path key = Files.writeString(dir.resolve("audit.key"), KEY_BASE64 + "\n");
    assertThat(run("verify", file.toString(), "--key-file", key.toString())).isEqualTo(0);
    assertThat(out()).startsWith("OK: 2 entries, last sequence 2, last hash ");
  }

  @Test
  void run_brokenLog_printsWhereAndExitsOne() {
    Path file = AuditFixtures.writeLog(dir, 3, config(time));
    List<byte[]> lines = AuditFixtures.lines(file);
    lines.remove(0);
    AuditFixtures.writeLines(file, lines);
    assertThat(run("verify", file.toString(), "--key-env", "AUDIT_KEY")).isEqualTo(1);
    assertThat(out()).isEqualTo("BROKEN at entry 1 (line 1): sequence 2, expected 1\n");
  }

  @Test
  void run_withPublicKey_checksCheckpointsAndTruncation() throws IOException {
    KeyPair signer = CheckpointKeys.generate();
    Path file = AuditFixtures.writeLog(dir, 4, AuditConfig.builder(KEY).clock(time).checkpoints(signer, 2).build());
    Path pub = Files.writeString(dir.resolve("audit.pub"), CheckpointKeys.publicKeyPem(signer.getPublic()));
    assertThat(run("verify", file.toString(), "--key-env", "AUDIT_KEY", "--public-key", pub.toString())).isEqualTo(0);
    assertThat(out()).endsWith("\ncheckpoints: 2 verified\n");

    AuditFixtures.writeLines(file, AuditFixtures.lines(file).subList(0, 3));
    out.reset();
    assertThat(run("verify", file.toString(), "--key-env", "AUDIT_KEY", "--public-key", pub.toString())).isEqualTo(1);
    assertThat(out()).isEqualTo("BROKEN at entry 4 (line 4): log ends at sequence 3 but a signed checkpoint covers sequence 4\n");
  }

  @Test
  void run_usageErrors_exitTwoWithAReason() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).isEqualTo("error: no command\n" + AuditVerifyCommand.USAGE_TEXT + "\n");
    err.reset();
    assertThat(run("verify", "x.jsonl")).isEqualTo(2);
    assertThat(err()).startsWith("error: give exactly one of --key-env and --key-file\n");
    err.reset();
    assertThat(run("verify", "x.jsonl", "--key-env", "A", "--key-file", "k")).isEqualTo(2);
    assertThat(err()).startsWith("error: give exactly one of --key-env and --key-file\n");
    err.reset();
    assertThat(run("verify", "x.jsonl", "--colour", "red")).isEqualTo(2);
    assertThat(err()).startsWith("error: unknown option --colour\n");
    err.reset();
    assertThat(run("verify", "x.jsonl", "--key-env")).isEqualTo(2);
    assertThat(err()).startsWith("error: option --key-env needs a value\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void run_missingFileOrUnsetVariable_exitTwo() {
    Path file = AuditFixtures.writeLog(dir, 1, config(time));
    assertThat(run("verify", dir.resolve("nope.jsonl").toString(), "--key-env", "AUDIT_KEY")).isEqualTo(2);
    assertThat(err()).isEqualTo("error: no such audit log file: " + dir.resolve("nope.jsonl") + "\n");
    err.reset();
    assertThat(run("verify", file.toString(), "--key-env", "UNSET")).isEqualTo(2);
    assertThat(err()).isEqualTo("error: audit key environment variable 'UNSET' is not set\n");
  }
}
