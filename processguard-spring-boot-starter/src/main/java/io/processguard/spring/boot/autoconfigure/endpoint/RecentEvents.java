package io.processguard.spring.boot.autoconfigure.endpoint;

import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded ring buffer of the guard's latest events, newest last, for the endpoint: when full,
 * the oldest event is dropped. Thread-safe; {@link #onEvent} takes a short lock and allocates
 * nothing but the deque slot.
 */
public final class RecentEvents implements GuardEventListener {

  /** Default capacity: 256 events. */
  public static final int DEFAULT_CAPACITY = 256;

  private final int capacity;
  private final ArrayDeque<GuardEvent> events;

  /** Creates a buffer holding at most {@code capacity} events. */
  public RecentEvents(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.events = new ArrayDeque<>(capacity);
  }

  @Override
  public void onEvent(GuardEvent event) {
    synchronized (events) {
      if (events.size() == capacity) {
        events.removeFirst();
      }
      events.addLast(event);
    }
  }

  /** Returns a copy of the events, oldest first. */
  public List<GuardEvent> events() {
    synchronized (events) {
      return new ArrayList<>(events);
    }
  }
}
