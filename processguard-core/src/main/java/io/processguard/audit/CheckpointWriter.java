package io.processguard.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends signed checkpoints to the sidecar file. Not thread-safe: used under the log's write lock. */
final class CheckpointWriter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final RandomAccessFile file;
  private final PrivateKey key;
  private final Clock clock;
  private long lastSequence;

  private CheckpointWriter(RandomAccessFile file, PrivateKey key, Clock clock, long lastSequence) {
    this.file = file;
    this.key = key;
    this.clock = clock;
    this.lastSequence = lastSequence;
  }

  /** Opens the sidecar, cutting a torn last line (a checkpoint is only a claim; losing one is safe). */
  static CheckpointWriter open(Path path, AuditConfig config) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
    try {
      long end = completeLength(path);
      if (end < raf.length()) {
        LOG.warn("audit checkpoints {}: cut a torn last line of {} bytes at offset {}", path, raf.length() - end, end);
        raf.setLength(end);
        raf.getFD().sync();
      }
      raf.seek(end);
      long last = 0;
      for (byte[] line : Files.readAllLines(path).stream().map(String::getBytes).toList()) {
        try {
          last = Checkpoint.verify(line, config.checkpointSigner().orElseThrow().getPublic()).sequence();
        } catch (Json.Malformed e) {
          // The log's verification on open reports a bad checkpoints file; nothing to add here.
          break;
        }
      }
      return new CheckpointWriter(raf, config.checkpointSigner().orElseThrow().getPrivate(), config.clock(), last);
    } catch (IOException | RuntimeException e) {
      raf.close();
      throw e;
    }
  }

  private static long completeLength(Path path) throws IOException {
    long[] end = {0};
    try (InputStream in = Files.newInputStream(path)) {
      LineReader.read(in, Long.MAX_VALUE, (bytes, offset, terminated) -> {
        if (terminated) {
          end[0] = offset + bytes.length + 1;
        }
      });
    }
    return end[0];
  }

  long lastSequence() {
    return lastSequence;
  }

  void write(long sequence, String hash) throws IOException {
    file.write(new Checkpoint(sequence, hash, clock.instant()).sign(key));
    file.getFD().sync();
    lastSequence = sequence;
  }

  void close() throws IOException {
    file.close();
  }
}
