package io.processguard.condition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A condition on one trigger (a signal against a threshold, or a probe that is down), with
 * debounce, flap detection and a separate clear rule.
 *
 * <h2>Semantics</h2>
 * Only <em>relevant</em> samples count: for a threshold, samples that carry the signal; for a
 * probe-down trigger, every sample of that probe. Other samples (a failed probe's, another
 * probe's) neither advance nor reset anything.
 * <ul>
 *   <li><b>Debounce</b> (default): the condition breaches on the relevant sample that makes
 *       {@code forSamples} consecutive bad samples <em>and</em> whose time is at least {@code
 *       forDuration} after the first of them (inclusive; Prometheus {@code for:}). A good
 *       sample resets both.
 *   <li><b>Flapping</b> ({@link #flapping(int, int)}): breaches on the relevant sample after
 *       which at least {@code flapBreaches} of the last {@code flapWindow} relevant samples were
 *       bad, whether consecutive or not.
 *   <li><b>Clear</b>: once breached, the condition clears on the relevant sample that makes
 *       {@code clearSamples} consecutive samples satisfying the clear rule. The clear rule is
 *       the negation of the trigger unless one is given ({@link #clearBelow(double)} and
 *       friends, hysteresis). A sample that does not satisfy it resets the count. After a clear,
 *       debounce and flap counting start from nothing.
 * </ul>
 *
 * @param trigger what makes a sample bad
 * @param forSamples consecutive bad samples needed, at least 1; default 1
 * @param forDuration how long the bad run must last, zero or more; default zero
 * @param clear the clear rule, or {@code null} for "not the trigger"
 * @param clearSamples consecutive clear samples needed, at least 1; default 1 (the flap window
 *     once {@link #flapping(int, int)} is set)
 * @param flapBreaches bad samples within the window that breach; 0 when flap detection is off
 * @param flapWindow the window in relevant samples (at most 64); 0 when off
 */
public record SignalCondition(
    Trigger trigger,
    int forSamples,
    Duration forDuration,
    @Nullable Trigger clear,
    int clearSamples,
    int flapBreaches,
    int flapWindow)
    implements Condition {

  /** The largest flap window, in samples. */
  public static final int MAX_FLAP_WINDOW = 64;

  /** Validates. */
  public SignalCondition {
    requireNonNull(trigger, "trigger");
    requireNonNull(forDuration, "forDuration");
    String at = "condition '" + trigger.describe() + "'";
    if (forSamples < 1) {
      throw new IllegalArgumentException(at + ": forSamples must be >= 1, got " + forSamples);
    }
    if (forDuration.isNegative()) {
      throw new IllegalArgumentException(at + ": forDuration must be >= 0, got " + forDuration);
    }
    if (clearSamples < 1) {
      throw new IllegalArgumentException(at + ": clearSamples must be >= 1, got " + clearSamples);
    }
    checkFlap(at, forSamples, forDuration, flapBreaches, flapWindow);
    checkClear(at, trigger, clear);
  }

  static SignalCondition of(Trigger trigger) {
    return new SignalCondition(trigger, 1, Duration.ZERO, null, 1, 0, 0);
  }

  /** Breaches after {@code n} consecutive bad samples. */
  public SignalCondition forSamples(int n) {
    return new SignalCondition(trigger, n, forDuration, clear, clearSamples, flapBreaches, flapWindow);
  }

  /** Breaches only when the bad run has lasted at least {@code d} (Prometheus {@code for:}). */
  public SignalCondition forDuration(Duration d) {
    return new SignalCondition(trigger, forSamples, d, clear, clearSamples, flapBreaches, flapWindow);
  }

  /** Breaches when {@code breaches} of the last {@code window} samples were bad. */
  public SignalCondition flapping(int breaches, int window) {
    return new SignalCondition(trigger, forSamples, forDuration, clear, window, breaches, window);
  }

  /** Clears after {@code n} consecutive samples that satisfy the clear rule. */
  public SignalCondition clearAfter(int n) {
    return new SignalCondition(trigger, forSamples, forDuration, clear, n, flapBreaches, flapWindow);
  }

  /** Clears only when the signal is strictly below {@code threshold} (hysteresis). */
  public SignalCondition clearBelow(double threshold) {
    return clearWhen(Comparison.BELOW, threshold);
  }

  /** Clears only when the signal is at most {@code threshold} (hysteresis). */
  public SignalCondition clearAtMost(double threshold) {
    return clearWhen(Comparison.AT_MOST, threshold);
  }

  /** Clears only when the signal is strictly above {@code threshold} (hysteresis). */
  public SignalCondition clearAbove(double threshold) {
    return clearWhen(Comparison.ABOVE, threshold);
  }

  /** Clears only when the signal is at least {@code threshold} (hysteresis). */
  public SignalCondition clearAtLeast(double threshold) {
    return clearWhen(Comparison.AT_LEAST, threshold);
  }

  private SignalCondition clearWhen(Comparison comparison, double threshold) {
    if (!(trigger instanceof Trigger.Threshold t)) {
      throw new IllegalArgumentException(
          "condition '" + trigger.describe() + "': a clear threshold needs a signal trigger");
    }
    Trigger c = new Trigger.Threshold(t.signal(), comparison, threshold);
    return new SignalCondition(trigger, forSamples, forDuration, c, clearSamples, flapBreaches, flapWindow);
  }

  /** Returns whether flap detection is on. */
  public boolean flapDetection() {
    return flapWindow > 0;
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder(trigger.describe());
    if (flapDetection()) {
      sb.append(" in ").append(flapBreaches).append(" of ").append(flapWindow).append(" samples");
    } else {
      if (forSamples > 1) {
        sb.append(" for ").append(forSamples).append(" samples");
      }
      if (!forDuration.isZero()) {
        sb.append(" for ").append(forDuration);
      }
    }
    return sb.toString();
  }

  @Override
  public Set<String> signals() {
    return trigger instanceof Trigger.Threshold t ? Set.of(t.signal()) : Set.of();
  }

  @Override
  public Set<String> probes() {
    return trigger instanceof Trigger.ProbeDown p ? Set.of(p.probe()) : Set.of();
  }

  private static void checkFlap(
      String at, int forSamples, Duration forDuration, int breaches, int window) {
    if (breaches == 0 && window == 0) {
      return;
    }
    if (window < 1 || window > MAX_FLAP_WINDOW) {
      throw new IllegalArgumentException(
          at + ": flap window must be 1.." + MAX_FLAP_WINDOW + " samples, got " + window);
    }
    if (breaches < 1 || breaches > window) {
      throw new IllegalArgumentException(
          at + ": flap breaches must be 1.." + window + " (the window), got " + breaches);
    }
    if (forSamples != 1 || !forDuration.isZero()) {
      throw new IllegalArgumentException(
          at + ": flap detection cannot be combined with forSamples/forDuration, got forSamples="
              + forSamples + ", forDuration=" + forDuration);
    }
  }

  private static void checkClear(String at, Trigger trigger, @Nullable Trigger clear) {
    if (clear == null) {
      return;
    }
    if (!(trigger instanceof Trigger.Threshold t) || !(clear instanceof Trigger.Threshold c)) {
      throw new IllegalArgumentException(at + ": a clear threshold needs a signal trigger");
    }
    if (!t.signal().equals(c.signal())) {
      throw new IllegalArgumentException(
          at + ": clear rule must read the same signal '" + t.signal() + "', got '" + c.signal() + "'");
    }
    if (t.comparison().upward() == c.comparison().upward() || overlaps(t, c)) {
      throw new IllegalArgumentException(
          at + ": clear rule '" + c.describe() + "' contradicts the trigger: a value would both "
              + "breach and clear; use the opposite direction at or beyond the trigger threshold");
    }
  }

  private static boolean overlaps(Trigger.Threshold t, Trigger.Threshold c) {
    boolean bothInclusive =
        (t.comparison() == Comparison.AT_LEAST || t.comparison() == Comparison.AT_MOST)
            && (c.comparison() == Comparison.AT_LEAST || c.comparison() == Comparison.AT_MOST);
    double gap = t.comparison().upward() ? t.threshold() - c.threshold() : c.threshold() - t.threshold();
    return gap < 0 || (gap == 0 && bothInclusive);
  }

  /** The first step of the signal DSL: {@code Condition.signal("x").above(0.9)}. */
  public static final class On {
    private final String signal;

    On(String signal) {
      this.signal = signal;
    }

    /** Bad when the signal is strictly above the threshold. */
    public SignalCondition above(double threshold) {
      return of(new Trigger.Threshold(signal, Comparison.ABOVE, threshold));
    }

    /** Bad when the signal is at least the threshold. */
    public SignalCondition atLeast(double threshold) {
      return of(new Trigger.Threshold(signal, Comparison.AT_LEAST, threshold));
    }

    /** Bad when the signal is strictly below the threshold. */
    public SignalCondition below(double threshold) {
      return of(new Trigger.Threshold(signal, Comparison.BELOW, threshold));
    }

    /** Bad when the signal is at most the threshold. */
    public SignalCondition atMost(double threshold) {
      return of(new Trigger.Threshold(signal, Comparison.AT_MOST, threshold));
    }
  }
}
