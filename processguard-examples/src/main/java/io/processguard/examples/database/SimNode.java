package io.processguard.examples.database;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated database node: a role, a write-ahead-log position that advances with each write,
 * and an availability flag. A fenced node refuses writes.
 */
final class SimNode {
  enum Role { PRIMARY, STANDBY, FENCED }

  final String id;
  final AtomicLong lsn = new AtomicLong();
  volatile Role role;
  volatile boolean up = true;

  SimNode(String id, Role role) {
    this.id = id;
    this.role = role;
  }

  /** Writes one record of {@code bytes}; returns false if this node cannot take writes now. */
  boolean write(int bytes) {
    if (role != Role.PRIMARY || !up) {
      return false;
    }
    lsn.addAndGet(bytes);
    return true;
  }
}
