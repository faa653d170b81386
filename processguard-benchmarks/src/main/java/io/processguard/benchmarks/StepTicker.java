package io.processguard.benchmarks;

import io.processguard.spi.Ticker;
import java.time.Duration;

/** A ticker moved by hand; for single-threaded benchmarks only (the field is plain). */
final class StepTicker implements Ticker {
  private long nanos;

  @Override
  public long read() {
    return nanos;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
  }
}
