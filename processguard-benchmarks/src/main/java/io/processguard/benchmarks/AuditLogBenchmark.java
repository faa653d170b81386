package io.processguard.benchmarks;

import io.processguard.audit.AuditConfig;
import io.processguard.audit.AuditEntry;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of the file-backed audit log in both durability modes; batched mode is close
 * to the cost of serializing, sealing, hashing and writing alone. Run with {@code -t 1} and {@code -t
 * 4} to see group commit in {@code FSYNC_EVERY_ENTRY} mode.
 *
 * <pre>
 * java -jar processguard-benchmarks/target/benchmarks.jar AuditLogBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuditLogBenchmark {
  @Param({"FSYNC_EVERY_ENTRY", "FSYNC_BATCHED"})
  public String mode;

  private Path dir;
  private AuditLog log;
  private final AuditRecord record = AuditRecord.automated("restart").target("checkout").outcome("ok")
      .evidence("rule", "heap-high").evidence("attempt", 2).evidence("ratio", 0.95)
      .evidence("reason", "heap.used.ratio=0.95 > 0.9 for 3 samples").build();

  @Setup(Level.Iteration)
  public void open() throws IOException {
    dir = Files.createTempDirectory("audit-bench");
    AuditConfig.Builder config = AuditConfig.builder(AuditKey.of(new byte[32]));
    if (mode.equals("FSYNC_BATCHED")) {
      config.fsyncBatched(AuditConfig.DEFAULT_BATCH_MAX_DELAY, AuditConfig.DEFAULT_BATCH_MAX_ENTRIES);
    }
    log = AuditLog.file(dir.resolve("audit.jsonl"), config.build());
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    log.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  public AuditEntry append() {
    return log.append(record);
  }
}
