package io.processguard.audit;

import java.nio.file.Path;

/**
 * Thrown when an existing audit log file fails verification on open for a reason other than a
 * torn last line: someone or something changed entries that were already written. The file is
 * left untouched; ProcessGuard will not append to it.
 */
public final class AuditTamperedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient AuditVerification.Broken broken;

  AuditTamperedException(Path file, AuditVerification.Broken broken) {
    super("audit log " + file + " failed verification, refusing to append: " + broken.describe());
    this.broken = broken;
  }

  /** Returns where the log is broken and why. */
  public AuditVerification.Broken broken() {
    return broken;
  }
}
