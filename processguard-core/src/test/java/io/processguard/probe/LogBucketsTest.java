package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LogBucketsTest {

  @Test
  void index_belowSixtyFour_isExact() {
    for (long v = 0; v < 64; v++) {
      assertThat(LogBuckets.upperBound(LogBuckets.index(v))).isEqualTo(v);
    }
  }

  @Test
  void upperBound_knownValues_areTheBucketEdges() {
    assertThat(LogBuckets.upperBound(LogBuckets.index(64))).isEqualTo(65);
    assertThat(LogBuckets.upperBound(LogBuckets.index(50_000_000))).isEqualTo(50_331_647);
    assertThat(LogBuckets.upperBound(LogBuckets.index(1_000_000))).isEqualTo(1_015_807);
  }

  @Test
  void index_aboveTrackable_sharesTheLastBucket() {
    assertThat(LogBuckets.index(Long.MAX_VALUE)).isEqualTo(LogBuckets.COUNT - 1);
    assertThat(LogBuckets.index(LogBuckets.MAX_TRACKABLE_NANOS)).isEqualTo(LogBuckets.COUNT - 1);
    assertThat(LogBuckets.COUNT).isEqualTo(1152);
  }

  @Property
  void upperBound_anyValue_isAtMostOneThirtySecondAbove(
      @ForAll @LongRange(min = 0, max = (1L << 40) - 1) long v) {
    long upper = LogBuckets.upperBound(LogBuckets.index(v));
    assertThat(upper).isGreaterThanOrEqualTo(v);
    assertThat(upper - v).isLessThanOrEqualTo(v / 32);
  }

  @Property
  void index_monotonic(@ForAll @LongRange(min = 0, max = (1L << 40) - 2) long v) {
    assertThat(LogBuckets.index(v + 1)).isBetween(LogBuckets.index(v), LogBuckets.index(v) + 1);
  }
}
