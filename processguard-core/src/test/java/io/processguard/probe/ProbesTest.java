package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.processguard.ManualTicker;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ProbesTest {
  private final ManualTicker time = new ManualTicker();
  private final List<Integer> isValidArgs = new ArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();

  /** A connection whose isValid answers with {@code answer}; records calls and closes. */
  private Connection connection(IntFunction<Boolean> answer) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "isValid":
              isValidArgs.add((Integer) args[0]);
              return answer.apply((Integer) args[0]);
            case "close":
              closed.incrementAndGet();
              return null;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  @Test
  void queueDepth_boundedBlockingQueue_reportsDepthAndRemainingCapacity() throws Exception {
    ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(10);
    queue.add("a");
    queue.add("b");
    queue.add("c");
    assertThat(Probes.queueDepth(queue).sample().signals())
        .containsOnly(entry(Probes.QUEUE_DEPTH, 3.0), entry(Probes.QUEUE_REMAINING_CAPACITY, 7.0));
  }

  @Test
  void queueDepth_unboundedBlockingQueue_leavesRemainingCapacityOut() throws Exception {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    queue.add("a");
    assertThat(Probes.queueDepth(queue).sample().signals()).containsOnly(entry(Probes.QUEUE_DEPTH, 1.0));
  }

  @Test
  void queueDepth_plainCollectionAndSupplier_reportDepth() throws Exception {
    assertThat(Probes.queueDepth(List.of(1, 2)).sample().value(Probes.QUEUE_DEPTH)).isEqualTo(2.0);
    assertThat(Probes.queueDepth(() -> 12_345L).sample().value(Probes.QUEUE_DEPTH)).isEqualTo(12_345.0);
  }

  @Test
  void lag_supplierDuration_isSecondsWithFraction() throws Exception {
    assertThat(Probes.lag(() -> Duration.ofMillis(1500)).sample().value(Probes.LAG_SECONDS)).isEqualTo(1.5);
  }

  @Test
  void lag_supplierReturnsNull_failsTheSample() {
    assertThatThrownBy(() -> Probes.lag(() -> null).sample())
        .isInstanceOf(NullPointerException.class).hasMessage("lag supplier returned null");
  }

  @Test
  void jdbc_validConnection_isUpAndClosed() throws Exception {
    Probe probe = Probes.jdbc(() -> connection(s -> {
      time.advance(Duration.ofMillis(12));
      return true;
    }), Duration.ofMillis(1500), time);
    Sample s = probe.sample();
    assertThat(s.status()).isEqualTo(SampleStatus.UP);
    assertThat(s.signals()).containsOnly(entry(Probes.JDBC_VALID, 1.0), entry(Probes.JDBC_VALIDATION_MS, 12.0));
    assertThat(s.detail()).isEmpty();
    assertThat(isValidArgs).containsExactly(2);
    assertThat(closed).hasValue(1);
  }

  @Test
  void jdbc_invalidConnection_isDownWithDetail() throws Exception {
    Sample s = Probes.jdbc(() -> connection(sec -> false), Duration.ofSeconds(3), time).sample();
    assertThat(s.status()).isEqualTo(SampleStatus.DOWN);
    assertThat(s.value(Probes.JDBC_VALID)).isZero();
    assertThat(s.detail()).isEqualTo("connection is not valid: isValid(3) returned false");
    assertThat(closed).hasValue(1);
  }

  @Test
  void jdbc_isValidThrows_isDownWithTheException() throws Exception {
    Sample s = Probes.jdbc(() -> connection(sec -> {
      throw new IllegalStateException("socket reset");
    }), Duration.ofSeconds(1), time).sample();
    assertThat(s.status()).isEqualTo(SampleStatus.DOWN);
    assertThat(s.value(Probes.JDBC_VALID)).isZero();
    assertThat(s.detail()).isEqualTo("connection validation failed: java.lang.IllegalStateException: socket reset");
    assertThat(closed).hasValue(1);
  }

  @Test
  void jdbc_getConnectionThrows_isDownWithTheException() throws Exception {
    Sample s = Probes.jdbc(() -> {
      time.advance(Duration.ofMillis(250));
      throw new SQLTransientConnectionException("pool exhausted");
    }, Duration.ofSeconds(1), time).sample();
    assertThat(s.status()).isEqualTo(SampleStatus.DOWN);
    assertThat(s.value(Probes.JDBC_VALIDATION_MS)).isEqualTo(250.0);
    assertThat(s.detail())
        .isEqualTo("connection validation failed: java.sql.SQLTransientConnectionException: pool exhausted");
  }

  @Test
  void jdbc_validButOverTheTimeout_isDown() throws Exception {
    Sample s = Probes.jdbc(() -> connection(sec -> {
      time.advance(Duration.ofMillis(3250));
      return true;
    }), Duration.ofSeconds(2), time).sample();
    assertThat(s.status()).isEqualTo(SampleStatus.DOWN);
    assertThat(s.value(Probes.JDBC_VALID)).isZero();
    assertThat(s.value(Probes.JDBC_VALIDATION_MS)).isEqualTo(3250.0);
    assertThat(s.detail()).isEqualTo("connection validation took 3250.0 ms, over the timeout PT2S");
  }

  @Test
  void jdbc_timeoutOutOfRange_isRejectedWithTheValue() {
    assertThatThrownBy(() -> Probes.jdbc(() -> connection(s -> true), Duration.ofMillis(500), time))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be 1s..1h, got PT0.5S");
  }

  @Test
  void of_supplier_reportsItsValue() throws Exception {
    assertThat(Probes.of("cache.hit.ratio", () -> 0.75).sample().signals())
        .containsOnly(entry("cache.hit.ratio", 0.75));
    assertThatThrownBy(() -> Probes.of(" ", () -> 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("signal must not be blank, got ' '");
  }

  @Test
  void of_nonFiniteValue_failsTheSample() {
    assertThatThrownBy(() -> Probes.of("x", () -> Double.NaN).sample())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("signal 'x' must be a finite number, got NaN");
  }

  @Test
  void custom_writer_setsSignalsStatusAndDetail() throws Exception {
    Sample s = Probes.custom(b -> b.signal("a", 1).signal("b", 2).status(SampleStatus.DEGRADED).detail("slow"))
        .sample();
    assertThat(s).isEqualTo(new Sample(SampleStatus.DEGRADED, java.util.Map.of("a", 1.0, "b", 2.0), "slow"));
  }

  @Test
  void custom_writerThrows_propagatesForTheEngineToRecord() {
    assertThatThrownBy(() -> Probes.custom(b -> {
      throw new SQLException("boom");
    }).sample()).isInstanceOf(SQLException.class).hasMessage("boom");
  }
}
