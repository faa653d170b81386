package io.processguard.spring.boot.autoconfigure.endpoint;

/**
 * An extra read-only view of the {@code processguard} endpoint, served at {@code
 * /actuator/processguard/{name}} (for example approvals or the audit log). Declare one as a bean
 * and the endpoint lists and serves it.
 *
 * <p>{@link #read()} is called on a request thread: it must be quick, must not run probes, and
 * must return something Jackson can write (maps, lists, records).
 */
public interface EndpointSection {

  /** Returns the section's path segment, such as {@code approvals}; must not clash with built-ins. */
  String name();

  /** Returns the section's current content. */
  Object read();
}
