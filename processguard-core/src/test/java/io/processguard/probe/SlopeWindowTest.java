package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlopeWindowTest {
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final long MB = 1024 * 1024;

  @Test
  void slopePerMinute_tenMegabytesPerMinute_isExactlyTenMegabytes() {
    SlopeWindow w = new SlopeWindow(Duration.ofMinutes(10).toNanos(), 16);
    for (int i = 0; i < 4; i++) {
      w.add(5_000 + i * MINUTE, 100 * MB + i * 10 * MB);
    }
    assertThat(w.slopePerMinute()).isEqualTo(10.0 * MB);
    assertThat(w.spanNanos()).isEqualTo(3 * MINUTE);
  }

  @Test
  void slopePerMinute_noisySeries_isTheLeastSquaresFit() {
    SlopeWindow w = new SlopeWindow(Duration.ofMinutes(10).toNanos(), 16);
    double[] ys = {0, 2, 1, 3};
    for (int i = 0; i < ys.length; i++) {
      w.add(i * MINUTE, ys[i]);
    }
    assertThat(w.slopePerMinute()).isEqualTo(0.8);
  }

  @Test
  void slopePerMinute_shrinkingSeries_isNegative() {
    SlopeWindow w = new SlopeWindow(Duration.ofMinutes(10).toNanos(), 16);
    w.add(0, 30);
    w.add(MINUTE / 2, 20);
    w.add(MINUTE, 10);
    assertThat(w.slopePerMinute()).isEqualTo(-20.0);
  }

  @Test
  void slopePerMinute_fewerThanTwoReadingsOrOneInstant_isZero() {
    SlopeWindow w = new SlopeWindow(MINUTE, 4);
    assertThat(w.slopePerMinute()).isZero();
    w.add(0, 10);
    assertThat(w.slopePerMinute()).isZero();
    w.add(0, 20);
    assertThat(w.slopePerMinute()).isZero();
  }

  @Test
  void add_readingsOlderThanWindow_areDropped() {
    SlopeWindow w = new SlopeWindow(2 * MINUTE, 16);
    w.add(0, 1000);
    w.add(MINUTE, 0);
    w.add(2 * MINUTE, 10);
    w.add(3 * MINUTE, 20);
    assertThat(w.size()).isEqualTo(3);
    assertThat(w.spanNanos()).isEqualTo(2 * MINUTE);
    assertThat(w.slopePerMinute()).isEqualTo(10.0);
  }

  @Test
  void add_beyondCapacity_dropsOldestFirst() {
    SlopeWindow w = new SlopeWindow(60 * MINUTE, 3);
    w.add(0, 1000);
    for (int i = 1; i <= 3; i++) {
      w.add(i * MINUTE, i * 5.0);
    }
    assertThat(w.size()).isEqualTo(3);
    assertThat(w.slopePerMinute()).isEqualTo(5.0);
  }

  @Test
  void new_badArguments_areRejectedWithTheValue() {
    assertThatThrownBy(() -> new SlopeWindow(0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("windowNanos must be positive, got 0");
    assertThatThrownBy(() -> new SlopeWindow(MINUTE, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be at least 2, got 1");
  }
}
