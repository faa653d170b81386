package io.processguard.spring.boot.autoconfigure;

import io.processguard.audit.AuditConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The file-backed audit log ({@code processguard.audit.*}): where it is, where its HMAC key comes
 * from, and when entries are forced to the device. Without a path no audit log is created (an
 * {@code AuditLog} bean of the application is used instead, if any). Mutable, for binding only.
 */
public class AuditProperties {

  /** The audit log file; created if missing, verified if present. */
  private @Nullable Path path;

  /** Name of the environment variable holding the HMAC key as base64 (at least 16 bytes). */
  private @Nullable String keyEnv;

  /** File holding the HMAC key as base64, one line (the alternative to key-env). */
  private @Nullable Path keyFile;

  /** When entries reach the device: every-entry (fsync before each append returns) or batched. */
  private String fsync = "every-entry";

  /** With fsync=batched, the longest an entry waits for its fsync. */
  private Duration batchMaxDelay = AuditConfig.DEFAULT_BATCH_MAX_DELAY;

  /** With fsync=batched, the pending entries that force an fsync at once. */
  private int batchMaxEntries = AuditConfig.DEFAULT_BATCH_MAX_ENTRIES;

  public @Nullable Path getPath() {
    return path;
  }

  public void setPath(@Nullable Path path) {
    this.path = path;
  }

  public @Nullable String getKeyEnv() {
    return keyEnv;
  }

  public void setKeyEnv(@Nullable String keyEnv) {
    this.keyEnv = keyEnv;
  }

  public @Nullable Path getKeyFile() {
    return keyFile;
  }

  public void setKeyFile(@Nullable Path keyFile) {
    this.keyFile = keyFile;
  }

  public String getFsync() {
    return fsync;
  }

  public void setFsync(String fsync) {
    this.fsync = fsync;
  }

  public Duration getBatchMaxDelay() {
    return batchMaxDelay;
  }

  public void setBatchMaxDelay(Duration batchMaxDelay) {
    this.batchMaxDelay = batchMaxDelay;
  }

  public int getBatchMaxEntries() {
    return batchMaxEntries;
  }

  public void setBatchMaxEntries(int batchMaxEntries) {
    this.batchMaxEntries = batchMaxEntries;
  }
}
