package io.processguard.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.probe.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {
  private static final long SECOND = 1_000_000_000L;

  private static List<Transition> feed(ConditionEvaluator e, double... values) {
    List<Transition> out = new ArrayList<>();
    long t = 0;
    for (double v : values) {
      out.add(e.update("p", Sample.of("x", v), t));
      t += SECOND;
    }
    return out;
  }

  @Test
  void update_exactlyNConsecutiveBadSamples_breachesOnTheNth() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10).forSamples(3));
    assertThat(feed(e, 11, 12, 13))
        .containsExactly(Transition.NONE, Transition.NONE, Transition.BREACHED);
    assertThat(e.reason()).isEqualTo("x=13 > 10 for 3 samples");
    assertThat(e.lastValues()).containsEntry("x", 13.0);
  }

  @Test
  void update_goodSampleInTheRun_resetsTheCount() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10).forSamples(3));
    assertThat(feed(e, 11, 12, 5, 11, 12)).doesNotContain(Transition.BREACHED);
    assertThat(e.update("p", Sample.of("x", 99), 10 * SECOND)).isEqualTo(Transition.BREACHED);
  }

  @Test
  void update_valueEqualToStrictThreshold_isNotBad() {
    ConditionEvaluator above = ConditionEvaluator.of(Condition.signal("x").above(10));
    ConditionEvaluator atLeast = ConditionEvaluator.of(Condition.signal("x").atLeast(10));
    assertThat(feed(above, 10)).containsExactly(Transition.NONE);
    assertThat(feed(atLeast, 10)).containsExactly(Transition.BREACHED);
    ConditionEvaluator below = ConditionEvaluator.of(Condition.signal("x").below(10));
    ConditionEvaluator atMost = ConditionEvaluator.of(Condition.signal("x").atMost(10));
    assertThat(feed(below, 10)).containsExactly(Transition.NONE);
    assertThat(feed(atMost, 10)).containsExactly(Transition.BREACHED);
  }

  @Test
  void update_forDuration_breachesOnlyWhenTheRunLastedAtLeastTheDuration() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10).forDuration(Duration.ofSeconds(30)));
    assertThat(e.update("p", Sample.of("x", 11), 0)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("x", 11), 29 * SECOND + 999_999_999L)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("x", 11), 30 * SECOND)).isEqualTo(Transition.BREACHED);
    assertThat(e.firstBadNanos()).isZero();
    assertThat(e.reason()).isEqualTo("x=11 > 10 for 3 samples over PT30S");
  }

  @Test
  void update_forDurationInterruptedByAGoodSample_restartsTheClock() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10).forDuration(Duration.ofSeconds(30)));
    e.update("p", Sample.of("x", 11), 0);
    e.update("p", Sample.of("x", 1), 20 * SECOND);
    e.update("p", Sample.of("x", 11), 25 * SECOND);
    assertThat(e.update("p", Sample.of("x", 11), 50 * SECOND)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("x", 11), 55 * SECOND)).isEqualTo(Transition.BREACHED);
    assertThat(e.firstBadNanos()).isEqualTo(25 * SECOND);
  }

  @Test
  void update_forSamplesAndDuration_bothMustHold() {
    ConditionEvaluator e = ConditionEvaluator.of(
        Condition.signal("x").above(10).forSamples(2).forDuration(Duration.ofSeconds(10)));
    assertThat(e.update("p", Sample.of("x", 11), 0)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("x", 11), 10 * SECOND)).isEqualTo(Transition.BREACHED);
    e.reset();
    assertThat(e.update("p", Sample.of("x", 11), 20 * SECOND)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("x", 11), 21 * SECOND)).isEqualTo(Transition.NONE);
  }

  @Test
  void update_defaultClear_clearsOnFirstGoodSample() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10));
    assertThat(feed(e, 11, 10)).containsExactly(Transition.BREACHED, Transition.CLEARED);
    assertThat(e.reason()).isEqualTo("not x=10 > 10 for 1 sample");
  }

  @Test
  void update_hysteresis_valuesBetweenThresholdsNeitherBreachNorClear() {
    ConditionEvaluator e = ConditionEvaluator.of(
        Condition.signal("x").above(0.9).clearBelow(0.8).clearAfter(2));
    assertThat(feed(e, 0.95, 0.85, 0.79, 0.85, 0.79, 0.5))
        .containsExactly(Transition.BREACHED, Transition.NONE, Transition.NONE, Transition.NONE,
            Transition.NONE, Transition.CLEARED);
    assertThat(e.breached()).isFalse();
    assertThat(e.reason()).isEqualTo("x=0.5 < 0.8 for 2 samples");
  }

  @Test
  void update_afterClear_debounceStartsFromNothing() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10).forSamples(2));
    assertThat(feed(e, 11, 11, 1, 11)).containsExactly(
        Transition.NONE, Transition.BREACHED, Transition.CLEARED, Transition.NONE);
  }

  @Test
  void update_flapping_breachesOnNBadWithinTheWindow() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").below(1).flapping(3, 5));
    // bad, good, bad, good, bad: the third bad within five samples breaches
    assertThat(feed(e, 0, 1, 0, 1, 0)).containsExactly(
        Transition.NONE, Transition.NONE, Transition.NONE, Transition.NONE, Transition.BREACHED);
    assertThat(e.reason()).isEqualTo("x < 1 in 3 of the last 5 samples (last 0)");
  }

  @Test
  void update_flapping_badSamplesOutsideTheWindowDoNotCount() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").below(1).flapping(3, 4));
    assertThat(feed(e, 0, 0, 1, 1, 1, 0)).doesNotContain(Transition.BREACHED);
  }

  @Test
  void update_flapping_clearsAfterAFullCleanWindowByDefault() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").below(1).flapping(2, 3));
    assertThat(feed(e, 0, 0, 1, 1, 1)).containsExactly(
        Transition.NONE, Transition.BREACHED, Transition.NONE, Transition.NONE, Transition.CLEARED);
  }

  @Test
  void update_sampleWithoutTheSignal_neitherAdvancesNorResets() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.signal("x").above(10).forSamples(2));
    e.update("p", Sample.of("x", 11), 0);
    assertThat(e.update("p", Sample.failed("boom"), SECOND)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("x", 11), 2 * SECOND)).isEqualTo(Transition.BREACHED);
  }

  @Test
  void update_probeDown_countsOnlyThatProbesSamples() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.probeDown("db").forSamples(2));
    assertThat(e.update("db", Sample.failed("timeout"), 0)).isEqualTo(Transition.NONE);
    assertThat(e.update("other", Sample.of("x", 1), 1)).isEqualTo(Transition.NONE);
    assertThat(e.update("db", Sample.failed("timeout"), 2)).isEqualTo(Transition.BREACHED);
    assertThat(e.update("db", Sample.of("x", 1), 3)).isEqualTo(Transition.CLEARED);
  }

  @Test
  void update_allOf_breachesWhenEveryChildIsBreachedAndClearsWhenOneClears() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.allOf(
        Condition.signal("a").above(1), Condition.signal("b").above(1)));
    assertThat(e.update("p", Sample.of("a", 2), 0)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("b", 2), 1)).isEqualTo(Transition.BREACHED);
    assertThat(e.reason()).isEqualTo("a=2 > 1 for 1 sample and b=2 > 1 for 1 sample");
    assertThat(e.update("p", Sample.of("a", 0), 2)).isEqualTo(Transition.CLEARED);
  }

  @Test
  void update_anyOf_breachesOnFirstChildAndClearsWhenNoneIsBreached() {
    ConditionEvaluator e = ConditionEvaluator.of(Condition.anyOf(
        Condition.signal("a").above(1), Condition.signal("b").above(1)));
    assertThat(e.update("p", Sample.of("a", 2), 0)).isEqualTo(Transition.BREACHED);
    assertThat(e.update("p", Sample.of("b", 2), 1)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("a", 0), 2)).isEqualTo(Transition.NONE);
    assertThat(e.update("p", Sample.of("b", 0), 3)).isEqualTo(Transition.CLEARED);
  }

  @Test
  void signalCondition_contradictoryClear_isRejectedNamingBothRules() {
    assertThatThrownBy(() -> Condition.signal("heap").above(0.9).clearAbove(0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition 'heap > 0.9': clear rule 'heap > 0.95' contradicts the trigger: a value "
            + "would both breach and clear; use the opposite direction at or beyond the trigger threshold");
    assertThatThrownBy(() -> Condition.signal("heap").above(0.9).clearBelow(0.95))
        .hasMessageContaining("clear rule 'heap < 0.95' contradicts");
    assertThatThrownBy(() -> Condition.signal("heap").atLeast(0.9).clearAtMost(0.9))
        .hasMessageContaining("clear rule 'heap <= 0.9' contradicts");
    assertThat(Condition.signal("heap").above(0.9).clearAtMost(0.9).clear()).isNotNull();
  }

  @Test
  void signalCondition_badArguments_areRejectedWithTheValue() {
    assertThatThrownBy(() -> Condition.signal("x").above(1).forSamples(0))
        .hasMessage("condition 'x > 1': forSamples must be >= 1, got 0");
    assertThatThrownBy(() -> Condition.signal("x").above(1).forDuration(Duration.ofSeconds(-1)))
        .hasMessage("condition 'x > 1': forDuration must be >= 0, got PT-1S");
    assertThatThrownBy(() -> Condition.signal("x").above(1).flapping(4, 3))
        .hasMessage("condition 'x > 1': flap breaches must be 1..3 (the window), got 4");
    assertThatThrownBy(() -> Condition.signal("x").above(1).flapping(2, 65))
        .hasMessage("condition 'x > 1': flap window must be 1..64 samples, got 65");
    assertThatThrownBy(() -> Condition.signal("x").above(Double.NaN))
        .hasMessage("condition on 'x': threshold must be finite, got NaN");
    assertThatThrownBy(() -> Condition.signal(" ").above(1))
        .hasMessage("condition signal must not be blank, got ' '");
  }
}
