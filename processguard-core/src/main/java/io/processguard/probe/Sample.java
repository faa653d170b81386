package io.processguard.probe;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measurement: named numeric signals, a status and a human-readable detail.
 *
 * <p>Immutable and thread-safe. Signal names are dot-separated lowercase words such as {@code
 * heap.used.ratio}; values are finite doubles. Reading a signal with {@link #value(String)}
 * allocates nothing.
 *
 * @param status what the probe says about its target
 * @param signals the measured values by signal name; unmodifiable
 * @param detail a short explanation, empty when there is nothing to add
 */
public record Sample(SampleStatus status, Map<String, Double> signals, String detail) {

  /** Validates and copies. */
  public Sample {
    requireNonNull(status, "status");
    requireNonNull(signals, "signals");
    requireNonNull(detail, "detail");
    for (Map.Entry<String, Double> e : signals.entrySet()) {
      checkSignal(e.getKey(), e.getValue());
    }
    signals = Map.copyOf(signals);
  }

  /** Returns an {@link SampleStatus#UP} sample with one signal. */
  public static Sample of(String signal, double value) {
    return new Sample(SampleStatus.UP, Map.of(checkName(signal), value), "");
  }

  /** Returns an {@link SampleStatus#UP} sample with the given signals. */
  public static Sample of(Map<String, Double> signals) {
    return new Sample(SampleStatus.UP, signals, "");
  }

  /** Returns a sample with a status and detail and no signals. */
  public static Sample status(SampleStatus status, String detail) {
    return new Sample(status, Map.of(), detail);
  }

  /** Returns a {@link SampleStatus#FAILED} sample carrying the reason the measurement failed. */
  public static Sample failed(String reason) {
    return new Sample(SampleStatus.FAILED, Map.of(), reason);
  }

  /** Starts a sample with several signals. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the value of a signal, or {@link Double#NaN} when this sample does not carry it. */
  public double value(String signal) {
    Double v = signals.get(signal);
    return v == null ? Double.NaN : v;
  }

  /** Returns whether this sample carries the signal. */
  public boolean has(String signal) {
    return signals.containsKey(signal);
  }

  /** Returns whether the measurement failed or says the target is down. */
  public boolean isDown() {
    return status == SampleStatus.DOWN || status == SampleStatus.FAILED;
  }

  private static String checkName(String signal) {
    if (signal == null || signal.isBlank()) {
      throw new IllegalArgumentException("signal name must not be blank, got '" + signal + "'");
    }
    return signal;
  }

  private static void checkSignal(String signal, Double value) {
    checkName(signal);
    if (value == null || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "signal '" + signal + "' must be a finite number, got " + value);
    }
  }

  /** Builds a {@link Sample}; not thread-safe. */
  public static final class Builder {
    private SampleStatus status = SampleStatus.UP;
    private final Map<String, Double> signals = new LinkedHashMap<>();
    private String detail = "";

    private Builder() {}

    /** Adds a signal; the value must be finite. */
    public Builder signal(String name, double value) {
      checkSignal(name, value);
      signals.put(name, value);
      return this;
    }

    /** Sets the status; default {@link SampleStatus#UP}. */
    public Builder status(SampleStatus status) {
      this.status = requireNonNull(status, "status");
      return this;
    }

    /** Sets the detail. */
    public Builder detail(String detail) {
      this.detail = requireNonNull(detail, "detail");
      return this;
    }

    /** Returns the sample. */
    public Sample build() {
      return new Sample(status, signals, detail);
    }
  }
}
