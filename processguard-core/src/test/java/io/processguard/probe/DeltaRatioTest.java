package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeltaRatioTest {
  private static final long S = 1_000_000_000L;

  @Test
  void update_afterWindow_isWorkOverWallTimesCapacity() {
    DeltaRatio r = new DeltaRatio(0, 0, S);
    assertThat(r.update(4 * S, 10 * S, 2)).isEqualTo(0.2);
    assertThat(r.update(6 * S, 15 * S, 2)).isEqualTo(0.2);
    assertThat(r.update(7 * S, 17 * S, 1)).isEqualTo(0.5);
  }

  @Test
  void update_withinMinimumWindow_repeatsLastRatioAndKeepsBaseline() {
    DeltaRatio r = new DeltaRatio(0, 0, S);
    assertThat(r.update(S, 4 * S, 1)).isEqualTo(0.25);
    assertThat(r.update(S + S / 2, 4 * S + S / 2, 1)).isEqualTo(0.25);
    assertThat(r.update(S + S / 2, 5 * S, 1)).isEqualTo(0.5);
  }

  @Test
  void update_firstWithinMinimumWindow_computesOverTheShortWindow() {
    DeltaRatio r = new DeltaRatio(0, 0, S);
    assertThat(r.update(S / 4, S / 2, 1)).isEqualTo(0.5);
  }

  @Test
  void update_outOfRange_isClampedToZeroAndOne() {
    DeltaRatio r = new DeltaRatio(10 * S, 0, S);
    assertThat(r.update(5 * S, S, 1)).isZero();
    assertThat(r.update(10 * S, 2 * S, 1)).isEqualTo(1.0);
  }

  @Test
  void update_noTimePassed_repeatsLastRatio() {
    DeltaRatio r = new DeltaRatio(0, 0, S);
    assertThat(r.update(S, 2 * S, 1)).isEqualTo(0.5);
    assertThat(r.update(2 * S, 2 * S, 1)).isEqualTo(0.5);
  }
}
