package io.processguard.internal;

import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.target.ProbeBinding;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** The scheduling state of one probe bound to one target. Owned by the scheduler thread. */
final class ProbeRuntime {
  final TargetRuntime target;
  final ProbeBinding binding;
  final Probe probe;
  final String name;
  final long intervalNanos;
  final long timeoutNanos;
  private final double jitter;
  private final SplittableRandom random;
  /** The probe, timed on the engine's ticker; allocated once, reused by every run. */
  final java.util.concurrent.Callable<Sample> timed;
  /** How long the last finished run took; written by the run's thread before it finishes. */
  volatile long lastDurationNanos;
  long nextDueNanos;
  @Nullable TimedRun<Sample> current;
  /** The run object reused for the next run, once the previous one has finished. */
  @Nullable TimedRun<Sample> spare;
  @Nullable Sample last;
  int consecutiveFailures;
  long samples;

  ProbeRuntime(TargetRuntime target, ProbeBinding binding, Probe probe, double jitter,
      io.processguard.spi.Ticker ticker) {
    this.target = target;
    this.binding = binding;
    this.probe = probe;
    this.timed = () -> {
      long start = ticker.read();
      try {
        return probe.sample();
      } finally {
        lastDurationNanos = ticker.read() - start;
      }
    };
    this.name = binding.probe();
    this.intervalNanos = binding.interval().toNanos();
    this.timeoutNanos = binding.timeout().toNanos();
    this.jitter = jitter;
    // Seeded by name: the same registration always gets the same jitter sequence.
    this.random = new SplittableRandom((target.name() + "/" + name).hashCode());
  }

  /** Schedules the first run: now, or within the first jitter fraction of an interval. */
  void scheduleFirst(long nowNanos) {
    nextDueNanos = nowNanos + (long) (intervalNanos * jitter * random.nextDouble());
  }

  /** Schedules the next run one interval (± jitter) after the previous due time. */
  void scheduleNext(long nowNanos) {
    long delta = intervalNanos;
    if (jitter > 0) {
      delta += (long) (intervalNanos * jitter * (2 * random.nextDouble() - 1));
    }
    long next = nextDueNanos + Math.max(1, delta);
    nextDueNanos = next <= nowNanos ? nowNanos + Math.max(1, delta) : next;
  }

  boolean busy() {
    TimedRun<Sample> run = current;
    return run != null && run.busy();
  }
}
