package io.processguard.testkit;

/** What a fake does when it is called. */
public enum Behaviour {
  /** Returns normally. */
  SUCCEED,
  /** Throws an exception. */
  FAIL,
  /** Blocks until interrupted (so the guard's action timeout fires), then fails. */
  HANG
}
