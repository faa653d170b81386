package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a {@link DrillRunner} reads and passes time: in real time for a running service, or driven
 * by a test's virtual time, where passing time runs the guard's cycles.
 *
 * <pre>{@code
 * DrillClock real = DrillClock.system();
 * DrillClock virtual = DrillClock.driven(harness.time(), harness::advance);  // GuardHarness
 * }</pre>
 *
 * <p>Implementations are used from the one thread that runs a drill.
 */
public interface DrillClock {

  /** Returns now. */
  Instant now();

  /** Lets {@code d} pass. */
  void pass(Duration d) throws InterruptedException;

  /** Real time: the UTC system clock, and sleeping. */
  static DrillClock system() {
    return of(Clock.systemUTC());
  }

  /** Real time on this clock, sleeping to pass time. */
  static DrillClock of(Clock clock) {
    requireNonNull(clock, "clock");
    return new DrillClock() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public void pass(Duration d) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(d.toNanos());
      }
    };
  }

  /** Virtual time: reads {@code clock}; passing time calls {@code advance}, which moves it. */
  static DrillClock driven(Clock clock, Consumer<Duration> advance) {
    requireNonNull(clock, "clock");
    requireNonNull(advance, "advance");
    return new DrillClock() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public void pass(Duration d) {
        advance.accept(d);
      }
    };
  }
}
