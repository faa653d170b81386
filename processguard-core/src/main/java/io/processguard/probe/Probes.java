package io.processguard.probe;

import static java.util.Objects.requireNonNull;

import io.processguard.spi.Ticker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Built-in probes of the application: queue depth, lag, JDBC validity, and probes made from a
 * lambda.
 *
 * <p>The probes returned are thread-safe when the suppliers given are. A supplier that throws
 * makes the engine record a {@link SampleStatus#FAILED} sample naming the exception.
 */
public final class Probes {

  /** Items waiting in a queue. */
  public static final String QUEUE_DEPTH = "queue.depth";
  /** Free places in a bounded {@link BlockingQueue}. */
  public static final String QUEUE_REMAINING_CAPACITY = "queue.remaining.capacity";
  /** How far a consumer is behind, in seconds. */
  public static final String LAG_SECONDS = "lag.seconds";
  /** 1 when the connection validated, else 0. */
  public static final String JDBC_VALID = "jdbc.valid";
  /** How long getting and validating the connection took, in milliseconds. */
  public static final String JDBC_VALIDATION_MS = "jdbc.validation.ms";

  private Probes() {}

  /**
   * Returns a probe of {@code queue.depth}, the collection's size, and for a bounded {@link
   * BlockingQueue} also {@code queue.remaining.capacity} (left out for an unbounded one, whose
   * size plus remaining capacity reaches {@link Integer#MAX_VALUE}). The collection's {@code size()} must be safe to call from
   * another thread, as it is for the concurrent collections.
   */
  public static Probe queueDepth(Collection<?> queue) {
    requireNonNull(queue, "queue");
    if (queue instanceof BlockingQueue<?> blocking) {
      return () -> {
        int size = blocking.size();
        int remaining = blocking.remainingCapacity();
        Sample.Builder b = Sample.builder().signal(QUEUE_DEPTH, size);
        boolean unbounded = (long) size + remaining >= Integer.MAX_VALUE;
        return (unbounded ? b : b.signal(QUEUE_REMAINING_CAPACITY, remaining)).build();
      };
    }
    return () -> Sample.of(QUEUE_DEPTH, queue.size());
  }

  /** Returns a probe of {@code queue.depth} read from a supplier, such as a broker's backlog. */
  public static Probe queueDepth(LongSupplier depth) {
    requireNonNull(depth, "depth");
    return () -> Sample.of(QUEUE_DEPTH, depth.getAsLong());
  }

  /**
   * Returns a probe of {@code lag.seconds}, with nanosecond precision, from a supplier of the
   * current lag (for example now minus the timestamp of the last processed event). The supplier
   * must not return {@code null}.
   */
  public static Probe lag(Supplier<Duration> lag) {
    requireNonNull(lag, "lag");
    return () -> {
      Duration d = requireNonNull(lag.get(), "lag supplier returned null");
      return Sample.of(LAG_SECONDS, d.getSeconds() + d.getNano() / 1e9);
    };
  }

  /** Returns {@link #jdbc(ConnectionSource, Duration, Ticker)} on a data source and the system ticker. */
  public static Probe jdbc(DataSource dataSource, Duration timeout) {
    requireNonNull(dataSource, "dataSource");
    return jdbc(dataSource::getConnection, timeout, Ticker.system());
  }

  /**
   * Returns a probe that gets a connection, calls {@link Connection#isValid(int)} with the
   * timeout rounded up to whole seconds, and closes it. Signals: {@code jdbc.valid} (1 or 0) and
   * {@code jdbc.validation.ms}. The status is {@link SampleStatus#DOWN}, with the reason in the
   * detail, when the connection is invalid, when getting or validating it throws, or when it took
   * longer than the timeout. A driver that ignores the timeout and hangs is cut off by the
   * engine's probe timeout; set it a little above this one.
   *
   * @param connections where connections come from, such as {@code dataSource::getConnection}
   * @param timeout how long validation may take; 1 second to 1 hour
   * @param ticker the time source of {@code jdbc.validation.ms}
   */
  public static Probe jdbc(ConnectionSource connections, Duration timeout, Ticker ticker) {
    requireNonNull(connections, "connections");
    requireNonNull(ticker, "ticker");
    requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("timeout must be 1s..1h, got " + timeout);
    }
    return new JdbcProbe(connections, timeout, ticker);
  }

  /** Returns a probe of one signal read from a supplier; the value must be finite. */
  public static Probe of(String signal, DoubleSupplier value) {
    if (signal == null || signal.isBlank()) {
      throw new IllegalArgumentException("signal must not be blank, got '" + signal + "'");
    }
    requireNonNull(value, "value");
    return () -> Sample.of(signal, value.getAsDouble());
  }

  /**
   * Returns a probe that fills a fresh {@link Sample.Builder} on each sample: {@code
   * Probes.custom(b -> b.signal("cache.hit.ratio", cache.hitRatio()))}.
   */
  public static Probe custom(SampleWriter writer) {
    requireNonNull(writer, "writer");
    return () -> {
      Sample.Builder b = Sample.builder();
      writer.write(b);
      return b.build();
    };
  }

  /** Where a JDBC probe gets its connections; {@code DataSource::getConnection} is one. */
  @FunctionalInterface
  public interface ConnectionSource {
    /** Returns a connection that the probe closes after validating it. */
    Connection get() throws SQLException;
  }

  /** Fills one sample; see {@link #custom(SampleWriter)}. May throw, which fails the sample. */
  @FunctionalInterface
  public interface SampleWriter {
    /** Adds signals, and optionally a status and detail, to {@code sample}. */
    void write(Sample.Builder sample) throws Exception;
  }

  /** The JDBC probe; thread-safe. */
  private static final class JdbcProbe implements Probe {
    private final ConnectionSource connections;
    private final Duration timeout;
    private final int seconds;
    private final Ticker ticker;

    JdbcProbe(ConnectionSource connections, Duration timeout, Ticker ticker) {
      this.connections = connections;
      this.timeout = timeout;
      this.seconds = (int) (timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0));
      this.ticker = ticker;
    }

    @Override
    public Sample sample() {
      long start = ticker.read();
      boolean valid;
      String failure = "";
      try (Connection c = connections.get()) {
        valid = c.isValid(seconds);
        if (!valid) {
          failure = "connection is not valid: isValid(" + seconds + ") returned false";
        }
      } catch (SQLException | RuntimeException e) {
        valid = false;
        failure = "connection validation failed: " + e;
      }
      long elapsed = ticker.read() - start;
      if (valid && elapsed > timeout.toNanos()) {
        valid = false;
        failure = String.format(Locale.ROOT, "connection validation took %.1f ms, over the timeout %s",
            elapsed / 1e6, timeout);
      }
      return Sample.builder()
          .status(valid ? SampleStatus.UP : SampleStatus.DOWN)
          .signal(JDBC_VALID, valid ? 1 : 0)
          .signal(JDBC_VALIDATION_MS, elapsed / 1e6)
          .detail(failure)
          .build();
    }
  }
}
