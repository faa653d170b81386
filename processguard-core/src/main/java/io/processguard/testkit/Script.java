package io.processguard.testkit;

import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A signal's value as a piecewise function of virtual time, written like a story: "heap at 300
 * MB, grows 10 MB a minute for 5 minutes, then stays flat". Immutable; each step returns a new
 * script.
 *
 * <pre>{@code
 * Script heap = Script.startAt(300).rise(10, Duration.ofMinutes(1), Duration.ofMinutes(5)).hold();
 * Probe probe = heap.probe("heap.used.mb", time);
 * }</pre>
 */
public final class Script {
  private final double start;
  private final List<Segment> segments;

  private record Segment(long nanos, DoubleUnaryOperator valueAtElapsed, double endValue) {}

  private Script(double start, List<Segment> segments) {
    this.start = start;
    this.segments = List.copyOf(segments);
  }

  /** A script that starts at {@code value}. */
  public static Script startAt(double value) {
    return new Script(value, List.of());
  }

  /** Holds the current value for {@code d}. */
  public Script hold(Duration d) {
    double v = last();
    return with(d, e -> v, v);
  }

  /** Jumps to {@code value} and holds it for {@code d}. */
  public Script stepTo(double value, Duration d) {
    return with(d, e -> value, value);
  }

  /** Rises by {@code amount} every {@code per}, for {@code d} (a negative amount falls). */
  public Script rise(double amount, Duration per, Duration d) {
    double from = last();
    double slopePerNano = amount / per.toNanos();
    return with(d, e -> from + slopePerNano * e, from + slopePerNano * d.toNanos());
  }

  /** Moves linearly from the current value to {@code value} over {@code d}. */
  public Script rampTo(double value, Duration d) {
    double from = last();
    return with(d, e -> from + (value - from) * e / d.toNanos(), value);
  }

  /** Ends the script: after its last step the value stays where it is, forever. */
  public Script hold() {
    return this;
  }

  /** Returns the value at {@code elapsed} virtual time since the script started. */
  public double valueAt(Duration elapsed) {
    long e = elapsed.toNanos();
    double v = start;
    for (Segment s : segments) {
      if (e < s.nanos) {
        return s.valueAtElapsed.applyAsDouble(e);
      }
      e -= s.nanos;
      v = s.endValue;
    }
    return v;
  }

  /** Returns a probe that reports this script as {@code signal}, reading the virtual time. */
  public Probe probe(String signal, VirtualTime time) {
    return () -> Sample.of(signal, valueAt(time.elapsed()));
  }

  /**
   * Returns a probe whose successive samples are {@code values}, then the last value forever:
   * "p99 latency 900 ms for 3 samples" is {@code Script.series("latency.p99.ms", 900, 900, 900, 100)}.
   */
  public static Probe series(String signal, double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("series for '" + signal + "' needs at least one value");
    }
    int[] next = {0};
    return () -> {
      double v = values[Math.min(next[0], values.length - 1)];
      next[0]++;
      return Sample.of(signal, v);
    };
  }

  private double last() {
    return segments.isEmpty() ? start : segments.get(segments.size() - 1).endValue;
  }

  private Script with(Duration d, DoubleUnaryOperator f, double end) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a script step must last a positive duration, got " + d);
    }
    List<Segment> next = new ArrayList<>(segments);
    next.add(new Segment(d.toNanos(), f, end));
    return new Script(start, next);
  }
}
