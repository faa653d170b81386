package io.processguard.recovery;

import java.time.Duration;

/**
 * Something ProcessGuard can restart: stop it within a timeout, then start it again.
 *
 * <p>Called on the action executor, never concurrently with itself for the same target. {@link
 * #stop} should return within the timeout; if the whole restart overruns the policy's action
 * timeout, the thread is interrupted and the attempt counts as failed (and against the budget).
 */
public interface Restartable {

  /**
   * Stops the component, waiting at most {@code timeout} for work in progress.
   *
   * @throws Exception when it could not be stopped; the restart attempt fails
   */
  void stop(Duration timeout) throws Exception;

  /**
   * Starts the component again.
   *
   * @throws Exception when it could not be started; the restart attempt fails
   */
  void start() throws Exception;
}
