package io.processguard.chaos;

/**
 * The failure a {@link ChaosPoint} throws while an injected {@link Fault.Failure} is active. Its
 * message names the point and the drill, so a log line tells an injected failure from a real one.
 */
public final class ChaosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its message. */
  public ChaosException(String message) {
    super(message);
  }
}
