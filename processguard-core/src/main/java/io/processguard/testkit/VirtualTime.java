package io.processguard.testkit;

import io.processguard.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker and a clock that move together, only when told. Starts at {@link #EPOCH}.
 * Thread-safe; never goes backwards.
 */
public final class VirtualTime extends Clock implements Ticker {

  /** Where virtual time starts: 2026-01-01T00:00:00Z. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /** Returns how much virtual time has passed since the start. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /** Moves time forward by {@code d} (not below zero). */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("virtual time cannot go backwards, got " + d);
    }
    nanos.addAndGet(d.toNanos());
  }

  /** Moves time to the reading {@code value}, if that is later. */
  void moveTo(long value) {
    nanos.accumulateAndGet(value, Math::max);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return EPOCH.plusNanos(nanos.get());
  }
}
