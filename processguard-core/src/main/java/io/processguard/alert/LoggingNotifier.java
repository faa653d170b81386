package io.processguard.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The default channel: writes each notification through SLF4J, one line with key-value pairs.
 * Thread-safe.
 */
public final class LoggingNotifier implements Notifier {
  private final Logger log;

  /** Logs to the logger {@code io.processguard.alerts}. */
  public LoggingNotifier() {
    this("io.processguard.alerts");
  }

  /** Logs to the named logger. */
  public LoggingNotifier(String logger) {
    this.log = LoggerFactory.getLogger(logger);
  }

  @Override
  public void deliver(Notification n) {
    Level level = switch (n.severity()) {
      case CRITICAL, ERROR -> Level.ERROR;
      case WARNING -> Level.WARN;
      case INFO -> Level.INFO;
    };
    log.atLevel(level)
        .setMessage("[{}] {} {}")
        .addArgument(n.kind())
        .addArgument(n.summary())
        .addArgument(n.runbook().map(u -> "runbook: " + u).orElse(""))
        .addKeyValue("processguard.target", n.target())
        .addKeyValue("processguard.incident.id", n.incidentId())
        .addKeyValue("processguard.dedup_key", n.dedupKey())
        .addKeyValue("processguard.actions", n.actions())
        .log();
  }
}
