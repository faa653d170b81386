package io.processguard.condition;

import io.processguard.probe.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running state of one {@link Condition}: feed it samples with their tick time and it says
 * when the condition breaches and clears, and why.
 *
 * <p>Not thread-safe: the engine drives each evaluator from its single scheduler thread. Pure:
 * no threads, no clock; time is the {@code nowNanos} passed in. Updating allocates nothing
 * unless the condition changes state.
 */
public abstract sealed class ConditionEvaluator
    permits ConditionEvaluator.Leaf, ConditionEvaluator.Group {

  /** Creates a fresh evaluator, clear, for the condition. */
  public static ConditionEvaluator of(Condition condition) {
    if (condition instanceof SignalCondition s) {
      return new Leaf(s);
    }
    if (condition instanceof Condition.AllOf a) {
      return new Group(a, a.conditions(), true);
    }
    Condition.AnyOf any = (Condition.AnyOf) condition;
    return new Group(any, any.conditions(), false);
  }

  private final Condition condition;

  ConditionEvaluator(Condition condition) {
    this.condition = condition;
  }

  /** Returns the condition this evaluator runs. */
  public Condition condition() {
    return condition;
  }

  /**
   * Feeds one sample.
   *
   * @param probe the name of the probe that took it
   * @param sample the sample
   * @param nowNanos the ticker reading when it was taken
   * @return what the sample changed
   */
  public abstract Transition update(String probe, Sample sample, long nowNanos);

  /** Returns whether the condition is breached now. */
  public abstract boolean breached();

  /**
   * Explains the last transition, such as {@code heap.used.ratio=0.93 > 0.9 for 3 samples}.
   * Empty before the first transition.
   */
  public abstract String reason();

  /** Returns the last relevant value of each signal this condition reads. */
  public abstract Map<String, Double> lastValues();

  /** Forgets everything: clear, counters at zero. */
  public abstract void reset();

  /**
   * Returns the tick time of the first bad sample of the current (or last) breach: the start of
   * time-to-detect. Meaningful once the condition has breached.
   */
  public abstract long firstBadNanos();

  /** The state machine of one {@link SignalCondition}. */
  static final class Leaf extends ConditionEvaluator {
    private final SignalCondition spec;
    private final Trigger trigger;
    private final Trigger clearRule;
    private final long forDurationNanos;
    private final long windowMask;
    private boolean breached;
    private int badRun;
    private long badSinceNanos;
    private int clearRun;
    private long window;
    private int windowFill;
    private double lastValue = Double.NaN;
    private String reason = "";

    Leaf(SignalCondition spec) {
      super(spec);
      this.spec = spec;
      this.trigger = spec.trigger();
      this.clearRule = spec.clear() == null ? trigger : spec.clear();
      this.forDurationNanos = spec.forDuration().toNanos();
      this.windowMask = spec.flapWindow() == 64 ? -1L : (1L << spec.flapWindow()) - 1;
    }

    @Override
    public Transition update(String probe, Sample sample, long nowNanos) {
      if (!trigger.relevant(probe, sample)) {
        return Transition.NONE;
      }
      lastValue = trigger.value(sample);
      boolean bad = trigger.test(sample);
      if (spec.flapDetection()) {
        if (window == 0 && bad) {
          badSinceNanos = nowNanos;
        }
        window = ((window << 1) | (bad ? 1 : 0)) & windowMask;
        windowFill = Math.min(windowFill + 1, spec.flapWindow());
      }
      return breached ? whileBreached(sample, bad) : whileClear(bad, nowNanos);
    }

    private Transition whileClear(boolean bad, long nowNanos) {
      if (spec.flapDetection()) {
        int count = Long.bitCount(window);
        if (count < spec.flapBreaches()) {
          return Transition.NONE;
        }
        reason = trigger.describe() + " in " + count + " of the last " + windowFill
            + " samples (last " + Trigger.format(lastValue) + ")";
        return breach();
      }
      if (!bad) {
        badRun = 0;
        return Transition.NONE;
      }
      if (badRun == 0) {
        badSinceNanos = nowNanos;
      }
      badRun++;
      long lasted = nowNanos - badSinceNanos;
      if (badRun < spec.forSamples() || lasted < forDurationNanos) {
        return Transition.NONE;
      }
      reason = describeValue() + " for " + badRun + (badRun == 1 ? " sample" : " samples")
          + (forDurationNanos > 0 ? " over " + java.time.Duration.ofNanos(lasted) : "");
      return breach();
    }

    private Transition whileBreached(Sample sample, boolean bad) {
      boolean clears = clearRule == trigger ? !bad : clearRule.test(sample);
      if (!clears) {
        clearRun = 0;
        return Transition.NONE;
      }
      clearRun++;
      if (clearRun < spec.clearSamples()) {
        return Transition.NONE;
      }
      reason = (clearRule == trigger ? "not " + describeValue() : clearDescription())
          + " for " + clearRun + (clearRun == 1 ? " sample" : " samples");
      reset();
      return Transition.CLEARED;
    }

    private Transition breach() {
      breached = true;
      clearRun = 0;
      return Transition.BREACHED;
    }

    private String describeValue() {
      if (trigger instanceof Trigger.Threshold t) {
        return t.signal() + "=" + Trigger.format(lastValue) + " " + t.comparison().symbol() + " "
            + Trigger.format(t.threshold());
      }
      return trigger.describe();
    }

    private String clearDescription() {
      Trigger.Threshold c = (Trigger.Threshold) clearRule;
      return c.signal() + "=" + Trigger.format(lastValue) + " " + c.comparison().symbol() + " "
          + Trigger.format(c.threshold());
    }

    @Override
    public boolean breached() {
      return breached;
    }

    @Override
    public String reason() {
      return reason;
    }

    @Override
    public Map<String, Double> lastValues() {
      if (trigger instanceof Trigger.Threshold t && !Double.isNaN(lastValue)) {
        return Map.of(t.signal(), lastValue);
      }
      return Map.of();
    }

    @Override
    public long firstBadNanos() {
      return badSinceNanos;
    }

    @Override
    public void reset() {
      breached = false;
      badRun = 0;
      clearRun = 0;
      window = 0;
      windowFill = 0;
    }
  }

  /** All-of or any-of over child evaluators; its state is derived from theirs. */
  static final class Group extends ConditionEvaluator {
    private final ConditionEvaluator[] children;
    private final boolean all;
    private boolean breached;
    private String reason = "";

    Group(Condition spec, List<Condition> children, boolean all) {
      super(spec);
      this.children = children.stream().map(ConditionEvaluator::of).toArray(ConditionEvaluator[]::new);
      this.all = all;
    }

    @Override
    public Transition update(String probe, Sample sample, long nowNanos) {
      for (ConditionEvaluator child : children) {
        child.update(probe, sample, nowNanos);
      }
      boolean now = derive();
      if (now == breached) {
        return Transition.NONE;
      }
      breached = now;
      reason = explain();
      return now ? Transition.BREACHED : Transition.CLEARED;
    }

    private boolean derive() {
      for (ConditionEvaluator child : children) {
        if (child.breached() != all) {
          return !all;
        }
      }
      return all;
    }

    private String explain() {
      StringBuilder sb = new StringBuilder();
      for (ConditionEvaluator child : children) {
        if (child.breached() == breached && !child.reason().isEmpty()) {
          sb.append(sb.length() == 0 ? "" : breached == all ? " and " : " or ").append(child.reason());
        }
      }
      return sb.toString();
    }

    @Override
    public boolean breached() {
      return breached;
    }

    @Override
    public String reason() {
      return reason;
    }

    @Override
    public Map<String, Double> lastValues() {
      Map<String, Double> out = new LinkedHashMap<>();
      for (ConditionEvaluator child : children) {
        out.putAll(child.lastValues());
      }
      return Map.copyOf(out);
    }

    @Override
    public long firstBadNanos() {
      long first = Long.MAX_VALUE;
      boolean any = false;
      for (ConditionEvaluator child : children) {
        if (child.breached()) {
          first = any ? Math.min(first, child.firstBadNanos()) : child.firstBadNanos();
          any = true;
        }
      }
      return any ? first : 0;
    }

    @Override
    public void reset() {
      for (ConditionEvaluator child : children) {
        child.reset();
      }
      breached = false;
    }
  }
}
