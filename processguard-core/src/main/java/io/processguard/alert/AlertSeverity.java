package io.processguard.alert;

/** How urgent a notification is; channels map it to their own levels. */
public enum AlertSeverity {
  /** Informational; never pages. */
  INFO,
  /** Someone should look during working hours. */
  WARNING,
  /** Something is broken and automation is handling it. */
  ERROR,
  /** A human is needed now. */
  CRITICAL
}
