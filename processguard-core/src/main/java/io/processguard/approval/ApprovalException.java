package io.processguard.approval;

/**
 * Thrown when an approval or denial is refused (four-eyes, not authorised, unknown or no longer
 * pending). The refusal is audited and published before it is thrown; nothing changed.
 */
public final class ApprovalException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the refusal's explanation. */
  public ApprovalException(String message) {
    super(message);
  }
}
