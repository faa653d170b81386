package io.processguard.condition;

import static java.util.Objects.requireNonNull;

import io.processguard.probe.Sample;
import java.util.Locale;

/**
 * What one sample must show to count as bad (or, used as a clear rule, as good): a signal
 * against a threshold, or a probe that is down. Immutable.
 */
public sealed interface Trigger {

  /** Returns whether the sample from {@code probe} concerns this trigger at all. */
  boolean relevant(String probe, Sample sample);

  /** Returns whether a relevant sample satisfies this trigger. */
  boolean test(Sample sample);

  /** Returns the measured value this trigger looks at, or NaN. */
  double value(Sample sample);

  /** Describes the trigger, such as {@code heap.used.ratio > 0.9}. */
  String describe();

  /**
   * A signal compared with a threshold. Samples that do not carry the signal (for example failed
   * samples) are not relevant: they neither advance nor reset a condition.
   *
   * @param signal the signal name
   * @param comparison how to compare
   * @param threshold the finite threshold
   */
  record Threshold(String signal, Comparison comparison, double threshold) implements Trigger {
    /** Validates. */
    public Threshold {
      if (signal == null || signal.isBlank()) {
        throw new IllegalArgumentException("condition signal must not be blank, got '" + signal + "'");
      }
      requireNonNull(comparison, "comparison");
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException(
            "condition on '" + signal + "': threshold must be finite, got " + threshold);
      }
    }

    @Override
    public boolean relevant(String probe, Sample sample) {
      return sample.has(signal);
    }

    @Override
    public boolean test(Sample sample) {
      return comparison.test(sample.value(signal), threshold);
    }

    @Override
    public double value(Sample sample) {
      return sample.value(signal);
    }

    @Override
    public String describe() {
      return signal + " " + comparison.symbol() + " " + format(threshold);
    }
  }

  /**
   * A probe whose sample is {@code DOWN} or {@code FAILED}. Every sample of that probe is
   * relevant.
   *
   * @param probe the probe's name as bound to the target
   */
  record ProbeDown(String probe) implements Trigger {
    /** Validates. */
    public ProbeDown {
      if (probe == null || probe.isBlank()) {
        throw new IllegalArgumentException("condition probe must not be blank, got '" + probe + "'");
      }
    }

    @Override
    public boolean relevant(String probeName, Sample sample) {
      return probe.equals(probeName);
    }

    @Override
    public boolean test(Sample sample) {
      return sample.isDown();
    }

    @Override
    public double value(Sample sample) {
      return sample.isDown() ? 0 : 1;
    }

    @Override
    public String describe() {
      return "probe " + probe + " down";
    }
  }

  /**
   * Formats a number the way messages show it: Locale.ROOT, about four significant digits (all
   * integer digits are kept), no trailing zeros.
   */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    int decimals = (int) Math.max(0, Math.min(9, 3 - Math.floor(Math.log10(Math.abs(v)))));
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    if (!s.contains(".")) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
