package io.processguard.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

  private static ScalingPolicy.Builder queue(double target) {
    return ScalingPolicy.builder("p", "t").signal(SignalKind.QUEUE_DEPTH, target).scalable("pool").replicas(1, 100);
  }

  @Test
  void recommend_proportionalValue_isHpaCeilOfCurrentTimesRatio() {
    ScalingPolicy p = queue(100).build();
    assertThat(p.recommend(4, 150)).isEqualTo(6);    // ceil(4 * 1.5)
    assertThat(p.recommend(3, 250)).isEqualTo(8);    // ceil(7.5)
    assertThat(p.recommend(2, 1000)).isEqualTo(20);  // ceil(2 * 10)
    assertThat(p.recommend(10, 50)).isEqualTo(5);    // ceil(10 * 0.5)
    assertThat(p.recommend(7, 30)).isEqualTo(3);     // ceil(2.1)
    assertThat(p.recommend(5, 0)).isZero();
  }

  @Test
  void recommend_productOnWholeNumber_addsNoReplicaForRoundingNoise() {
    ScalingPolicy p = queue(0.1).build();
    assertThat(p.recommend(3, 0.7)).isEqualTo(21);   // 3 * 0.7 / 0.1 = 21.000000000000004 in doubles
  }

  @Test
  void recommend_withinTolerance_keepsCurrent() {
    ScalingPolicy p = queue(100).build();
    assertThat(p.recommend(4, 110)).isEqualTo(4);    // ratio 1.10, |0.10| <= 0.1
    assertThat(p.recommend(4, 90)).isEqualTo(4);     // ratio 0.90
    assertThat(p.recommend(4, 111)).isEqualTo(5);    // ratio 1.11: ceil(4.44)
    assertThat(p.recommend(4, 89)).isEqualTo(4);     // ratio 0.89: ceil(3.56) = 4
    assertThat(p.recommend(4, 74)).isEqualTo(3);     // ceil(2.96)
  }

  @Test
  void recommend_zeroTolerance_reactsToAnyDifference() {
    ScalingPolicy p = queue(100).tolerance(0).build();
    assertThat(p.recommend(10, 101)).isEqualTo(11);
  }

  @Test
  void recommend_averageValue_isCeilOfValueOverTargetPerReplica() {
    ScalingPolicy p = ScalingPolicy.builder("p", "t").signal(SignalKind.INPUT_RATE, 500)
        .targetType(TargetType.AVERAGE_VALUE).scalable("pool").replicas(1, 100).build();
    assertThat(p.ratio(2, 5000)).isEqualTo(5.0);
    assertThat(p.recommend(2, 5000)).isEqualTo(10);
    assertThat(p.recommend(4, 2100)).isEqualTo(4);   // ratio 1.05: within tolerance
    assertThat(p.recommend(4, 2300)).isEqualTo(5);   // ceil(4.6)
  }

  @Test
  void recommend_poolAtZero_countsAsOne() {
    ScalingPolicy p = queue(100).replicas(0, 10).build();
    assertThat(p.recommend(0, 350)).isEqualTo(4);
    assertThat(p.recommend(0, 0)).isZero();
  }

  @Test
  void recommend_step_movesByStepSizeOutsideTheBand() {
    ScalingPolicy p = queue(100).step(2).build();
    assertThat(p.algorithm()).isEqualTo(Algorithm.STEP);
    assertThat(p.recommend(4, 1000)).isEqualTo(6);
    assertThat(p.recommend(4, 10)).isEqualTo(2);
    assertThat(p.recommend(1, 10)).isZero();
    assertThat(p.recommend(4, 105)).isEqualTo(4);
  }

  @Test
  void build_defaults_areTheDocumentedConstants() {
    ScalingPolicy p = queue(100).build();
    assertThat(p.signal()).isEqualTo("queue.depth");
    assertThat(p.tolerance()).isEqualTo(0.1);
    assertThat(p.minReplicas()).isEqualTo(1);
    assertThat(p.scaleUpStabilization()).isEqualTo(Duration.ZERO);
    assertThat(p.scaleDownStabilization()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.cooldown()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.scaleUpLimit()).isEqualTo(new StepLimit(4, 100));
    assertThat(p.scaleDownLimit()).isEqualTo(StepLimit.replicas(1));
    assertThat(p.budget()).isEqualTo(ScaleBudget.of(20, Duration.ofMinutes(10)));
    assertThat(p.hasBackpressure()).isFalse();
    assertThat(p.backpressureAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.alertTo()).isEmpty();
  }

  @Test
  void stepLimit_allowance_isLargerOfReplicasAndPercentAtLeastOne() {
    assertThat(new StepLimit(4, 100).allowance(2)).isEqualTo(4);
    assertThat(new StepLimit(4, 100).allowance(10)).isEqualTo(10);
    assertThat(StepLimit.percent(50).allowance(5)).isEqualTo(3);
    assertThat(StepLimit.percent(10).allowance(1)).isEqualTo(1);
    assertThat(StepLimit.UNLIMITED.allowance(3)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> new StepLimit(0, 0)).hasMessage("step limit needs replicas or percent > 0, got 0 and 0");
  }

  @Test
  void builder_badArguments_rejectedAtOnceNamingArgumentAndValue() {
    ScalingPolicy.Builder b = ScalingPolicy.builder("p", "t");
    assertThatThrownBy(() -> b.signal(SignalKind.QUEUE_DEPTH, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("targetValue must be a positive finite number, got 0.0");
    assertThatThrownBy(() -> b.signal(SignalKind.QUEUE_DEPTH, " ", 5))
        .hasMessage("signal must not be blank, got ' '");
    assertThatThrownBy(() -> b.replicas(-1, 3)).hasMessage("minReplicas must be >= 0, got -1");
    assertThatThrownBy(() -> b.replicas(4, 3)).hasMessage("maxReplicas must be >= max(1, minReplicas 4), got 3");
    assertThatThrownBy(() -> b.replicas(0, 0)).hasMessage("maxReplicas must be >= max(1, minReplicas 0), got 0");
    assertThatThrownBy(() -> b.tolerance(1.0)).hasMessage("tolerance must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> b.tolerance(Double.NaN)).hasMessage("tolerance must be in [0, 1), got NaN");
    assertThatThrownBy(() -> b.cooldown(Duration.ofSeconds(-1))).hasMessage("cooldown must be zero or positive, got PT-1S");
    assertThatThrownBy(() -> b.scaleDownStabilization(Duration.ofSeconds(-1)))
        .hasMessage("scaleDownStabilization must be zero or positive, got PT-1S");
    assertThatThrownBy(() -> b.step(0)).hasMessage("stepSize must be >= 1, got 0");
    assertThatThrownBy(() -> b.backpressure("", Duration.ZERO)).hasMessage("backpressureGate must not be blank, got ''");
    assertThatThrownBy(() -> b.alertTo(null)).hasMessage("alertTo must not be blank, got 'null'");
    assertThatThrownBy(() -> b.scalable("")).hasMessage("scalable must not be blank, got ''");
    assertThatThrownBy(() -> ScaleBudget.of(0, Duration.ofMinutes(1)))
        .hasMessage("scale budget maxSteps must be >= 1, got 0");
  }

  @Test
  void build_incompleteSpec_listsEveryProblem() {
    assertThatThrownBy(() -> ScalingPolicy.builder("bad name!", "t").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(Problem::field)
            .containsExactly("name", "signal", "scalable", "targetValue", "maxReplicas"));
  }
}
