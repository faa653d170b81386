package io.processguard.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-backed audit log.
 *
 * <p>Writes go through a {@link RandomAccessFile}, whose writes and {@code fsync} are not
 * interruptible: an appender interrupted by a timeout cannot close the log under everyone else,
 * as an interrupted {@code FileChannel} would. Writers are excluded by an OS lock on a separate
 * {@code <log>.lock} file, because on POSIX systems closing any descriptor of a locked file (a
 * verifier's, say) would drop a lock held on the log itself.
 *
 * <p>Group commit: appends write under {@code writeLock}; syncing happens under {@code syncLock}
 * outside it, and one {@code fsync} covers every entry written before it started.
 */
final class FileAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Path path;
  private final AuditConfig config;
  private final EntryCodec codec;
  private final RandomAccessFile file;
  private final FileChannel lockChannel;
  private final @Nullable CheckpointWriter checkpoints;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Object syncLock = new Object();
  private final AtomicLong syncs = new AtomicLong();
  private @Nullable ScheduledExecutorService flusher;

  // Guarded by writeLock.
  private long size;
  private long lastSequence;
  private String lastHash = GENESIS_HASH;
  private boolean closed;

  private volatile long written;
  private volatile long synced;
  private volatile @Nullable String failure;

  private FileAuditLog(Path path, AuditConfig config, RandomAccessFile file, FileChannel lockChannel,
      @Nullable CheckpointWriter checkpoints) {
    this.path = path;
    this.config = config;
    this.codec = new EntryCodec(config.key());
    this.file = file;
    this.lockChannel = lockChannel;
    this.checkpoints = checkpoints;
  }

  static FileAuditLog open(Path file, AuditConfig config) {
    Path path = file.toAbsolutePath();
    FileChannel lock = lock(path);
    FileAuditLog log = null;
    try {
      boolean created = !Files.exists(path);
      RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
      if (created) {
        syncDirectory(path);
      }
      CheckpointWriter cp = config.checkpointSigner().isPresent()
          ? CheckpointWriter.open(AuditLog.checkpointsFile(path), config) : null;
      log = new FileAuditLog(path, config, raf, lock, cp);
      log.recover();
      log.startFlusher();
      return log;
    } catch (IOException e) {
      closeQuietly(log, lock);
      throw new UncheckedIOException("cannot open audit log " + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(log, lock);
      throw e;
    }
  }

  private static FileChannel lock(Path path) {
    Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
    try {
      Files.createDirectories(path.getParent());
      FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new IllegalStateException("audit log " + path + " is already open for writing (" + lockFile + " is locked)");
      }
      return ch;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock audit log " + lockFile + ": " + e.getMessage(), e);
    }
  }

  /** Verifies the existing file; cuts a torn last line and records the cut; refuses anything else. */
  private void recover() throws IOException {
    long fileSize = file.length();
    ChainVerifier chain;
    AuditVerifier verifier = AuditVerifier.of(config.key());
    if (config.checkpointSigner().isPresent()) {
      verifier = verifier.withPublicKey(config.checkpointSigner().get().getPublic());
    }
    try {
      chain = verifier.scan(path, fileSize, Long.MAX_VALUE);
    } catch (AuditVerifier.CheckpointProblem p) {
      throw new AuditTamperedException(path, p.broken);
    }
    AuditVerification verdict = chain.tornTail() ? chain.prefixResult() : chain.result();
    if (verdict instanceof AuditVerification.Broken) {
      throw new AuditTamperedException(path, (AuditVerification.Broken) verdict);
    }
    lastSequence = chain.entries();
    lastHash = chain.lastHash();
    written = lastSequence;
    synced = lastSequence;
    size = chain.goodEnd();
    if (chain.tornTail()) {
      String reason = ((AuditVerification.Broken) chain.result()).reason();
      repair(fileSize, reason);
    }
    file.seek(size);
  }

  private void repair(long fileSize, String reason) throws IOException {
    long cut = fileSize - size;
    String cutHash = hashRange(size, cut);
    file.setLength(size);
    file.getFD().sync();
    LOG.warn("audit log {}: cut a torn last line of {} bytes at offset {} ({}); recording {}",
        path, cut, size, reason, REPAIRED_ACTION);
    file.seek(size);
    append(AuditRecord.automated(REPAIRED_ACTION)
        .target(path.getFileName().toString())
        .outcome("truncated")
        .evidence("offset", size)
        .evidence("truncatedBytes", cut)
        .evidence("truncatedSha256", cutHash)
        .evidence("reason", reason)
        .build());
    syncTo(lastSequence);
  }

  private String hashRange(long from, long length) throws IOException {
    MessageDigest md = Json.sha256();
    byte[] buf = new byte[8192];
    file.seek(from);
    for (long left = length; left > 0; ) {
      int n = file.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        break;
      }
      md.update(buf, 0, n);
      left -= n;
    }
    return Json.HEX.formatHex(md.digest());
  }

  private void startFlusher() {
    if (config.durability() != Durability.FSYNC_BATCHED) {
      return;
    }
    long delay = config.batchMaxDelay().toNanos();
    flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "processguard-audit-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushPending, delay, delay, TimeUnit.NANOSECONDS);
  }

  private void flushPending() {
    try {
      if (written > synced && failure == null) {
        syncTo(written);
      }
    } catch (RuntimeException e) {
      LOG.warn("audit log {}: batched sync failed: {}", path, e.getMessage());
    }
  }

  @Override
  public AuditEntry append(AuditRecord draft) {
    java.util.Objects.requireNonNull(draft, "draft");
    AuditEntry entry;
    boolean sync;
    writeLock.lock();
    try {
      ensureWritable();
      EntryCodec.Encoded e = codec.encode(lastSequence + 1, config.clock().instant(), draft,
          config.instanceId(), lastHash);
      entry = e.entry();
      write(e.line(), entry.sequence());
      lastHash = entry.hash();
      sync = config.durability() == Durability.FSYNC_EVERY_ENTRY
          || lastSequence - synced >= config.batchMaxEntries();
      if (checkpoints != null && lastSequence % config.checkpointEvery() == 0) {
        checkpoint(entry.sequence(), entry.hash());
      }
    } finally {
      writeLock.unlock();
    }
    if (sync) {
      syncTo(entry.sequence());
    }
    return entry;
  }

  private void write(byte[] line, long sequence) {
    try {
      file.write(line);
    } catch (IOException e) {
      throw fail("write of entry " + sequence, e);
    }
    size += line.length;
    lastSequence = sequence;
    written = sequence;
  }

  private void checkpoint(long sequence, String hash) {
    syncTo(sequence); // a checkpoint must never vouch for an entry the device may not have
    try {
      checkpoints.write(sequence, hash);
    } catch (IOException e) {
      throw fail("checkpoint at entry " + sequence, e);
    }
  }

  private void syncTo(long sequence) {
    synchronized (syncLock) {
      if (synced >= sequence) {
        return;
      }
      long target = written;
      try {
        file.getFD().sync();
      } catch (IOException e) {
        throw fail("sync up to entry " + target, e);
      }
      synced = target;
      syncs.incrementAndGet();
    }
  }

  private UncheckedIOException fail(String what, IOException e) {
    String message = String.format(Locale.ROOT, "audit log %s: %s failed: %s", path, what, e.getMessage());
    failure = message;
    return new UncheckedIOException(message, e);
  }

  private void ensureWritable() {
    if (closed) {
      throw new IllegalStateException("audit log " + path + " is closed");
    }
    String f = failure;
    if (f != null) {
      throw new IllegalStateException(f + "; no further appends: reopen the log to repair it");
    }
  }

  @Override
  public AuditVerification verify() {
    long limit;
    long sequence;
    writeLock.lock();
    try {
      limit = size;
      sequence = lastSequence;
    } finally {
      writeLock.unlock();
    }
    AuditVerifier verifier = AuditVerifier.of(config.key());
    if (config.checkpointSigner().isPresent()) {
      verifier = verifier.withPublicKey(config.checkpointSigner().get().getPublic());
    }
    try {
      AuditVerification verdict = verifier.scan(path, limit, sequence).result();
      if (verdict.isIntact() && ((AuditVerification.Intact) verdict).lastSequence() != sequence) {
        long entries = ((AuditVerification.Intact) verdict).lastSequence();
        return new AuditVerification.Broken(entries + 1, entries + 1, String.format(Locale.ROOT,
            "log ends at sequence %d but this log wrote up to sequence %d", entries, sequence));
      }
      return verdict;
    } catch (AuditVerifier.CheckpointProblem p) {
      return p.broken;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<AuditEntry> entries() {
    return read(1, Integer.MAX_VALUE);
  }

  @Override
  public List<AuditEntry> read(long fromSequence, int maxEntries) {
    checkRead(fromSequence, maxEntries);
    long limit;
    writeLock.lock();
    try {
      limit = size;
    } finally {
      writeLock.unlock();
    }
    try (InputStream in = Files.newInputStream(path)) {
      return EntryReader.read(path.toString(), in, limit, fromSequence, maxEntries);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + path + ": " + e.getMessage(), e);
    }
  }

  static void checkRead(long fromSequence, int maxEntries) {
    if (fromSequence < 1) {
      throw new IllegalArgumentException("audit read fromSequence must be at least 1, got " + fromSequence);
    }
    if (maxEntries < 0) {
      throw new IllegalArgumentException("audit read maxEntries must not be negative, got " + maxEntries);
    }
  }

  @Override
  public long lastSequence() {
    return written;
  }

  @Override
  public void flush() {
    syncTo(written);
  }

  /** Returns how many times the file was synced; for tests of the durability modes. */
  long syncCount() {
    return syncs.get();
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (flusher != null) {
        flusher.shutdownNow();
      }
      if (failure == null) {
        syncTo(written);
        if (checkpoints != null && lastSequence > checkpoints.lastSequence()) {
          checkpoint(lastSequence, lastHash);
        }
      }
    } finally {
      writeLock.unlock();
      closeQuietly(this, lockChannel);
    }
  }

  private static void closeQuietly(@Nullable FileAuditLog log, FileChannel lock) {
    try {
      if (log != null) {
        log.file.close();
        if (log.checkpoints != null) {
          log.checkpoints.close();
        }
      }
      lock.close();
    } catch (IOException e) {
      LOG.warn("audit log: closing files failed: {}", e.getMessage());
    }
  }

  private static void syncDirectory(Path path) {
    try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Not every platform can open a directory; the file's own syncs still apply.
      LOG.debug("audit log {}: cannot sync the directory: {}", path, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "FileAuditLog[" + path + ", " + config.durability() + ", lastSequence=" + written + "]";
  }
}
