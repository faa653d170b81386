package io.processguard.fleet;

/**
 * Thrown by a fleet store when the shared store cannot be reached or refuses the operation for a
 * technical reason (a lost connection, a timeout). The {@link FleetCoordinator} treats it as "the
 * control plane is unavailable" and falls back to its local rules.
 */
public final class FleetStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the operation and a cause. */
  public FleetStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
