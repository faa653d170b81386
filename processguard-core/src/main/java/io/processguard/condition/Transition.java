package io.processguard.condition;

/** What one sample did to a condition. */
public enum Transition {
  /** Nothing changed: still clear, or still breached. */
  NONE,
  /** The condition went from clear to breached on this sample. */
  BREACHED,
  /** The condition went from breached to clear on this sample. */
  CLEARED
}
