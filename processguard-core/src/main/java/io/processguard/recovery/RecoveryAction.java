package io.processguard.recovery;

/**
 * A custom, named recovery action (flush a cache, drop a connection pool, rotate a credential).
 *
 * <p>Runs on the action executor with the policy's action timeout; it should honour interruption.
 * Throwing marks the rung failed.
 */
@FunctionalInterface
public interface RecoveryAction {

  /** Executes the action for the incident described by the context. */
  void execute(ActionContext context) throws Exception;
}
