package io.processguard.alert;

/**
 * A channel that delivers notifications to people (a log, Slack, PagerDuty, Opsgenie, a
 * webhook).
 *
 * <p>ProcessGuard never calls a notifier on the scheduler or a recovery thread: deliveries run
 * on the notification executor, so a slow or dead channel delays nothing else. {@link
 * #deliver} may block for network I/O and may throw; the failure is counted, logged with the
 * channel's name and, where the channel allows, retried. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Notifier {

  /**
   * Delivers one notification synchronously.
   *
   * @throws Exception when delivery failed
   */
  void deliver(Notification notification) throws Exception;
}
