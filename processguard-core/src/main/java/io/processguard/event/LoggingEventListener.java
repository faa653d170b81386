package io.processguard.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs every event once through SLF4J 2 with key-value pairs ({@code event.action}, {@code
 * processguard.target}), so a JSON encoder yields searchable fields. Thread-safe.
 */
public final class LoggingEventListener implements GuardEventListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.processguard.events");

  @Override
  public void onEvent(GuardEvent event) {
    LOG.atLevel(level(event))
        .setMessage("{}")
        .addArgument(event)
        .addKeyValue("event.action", event.type())
        .addKeyValue("processguard.target", event.target())
        .log();
  }

  private static Level level(GuardEvent event) {
    String type = event.type();
    if (type.endsWith(".failed") || type.endsWith(".breached") || type.endsWith(".exhausted")) {
      return Level.WARN;
    }
    return Level.INFO;
  }
}
