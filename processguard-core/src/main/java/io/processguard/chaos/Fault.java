package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * A fault a drill injects on purpose: bounded in time and size, and released when its drill ends
 * or aborts. Immutable data; the live fault is created by {@link Chaos} when a {@link DrillRunner}
 * injects it, and nothing happens until then.
 *
 * <p>Where a fault lands: latency, failures, hangs and leaks at a {@link ChaosPoint} (by name);
 * probe faults at a {@link FaultyProbe} (by name); a stop at a {@link ChaosComponent} (by name); a
 * CPU burn in the process itself; a {@link Custom} fault wherever its own code puts it.
 */
public sealed interface Fault {

  /** Returns the fault in words, for reports and logs. */
  String describe();

  /** Adds {@code delay} to a share {@code rate} (0..1] of the calls to {@code point}'s {@code maybeDelay()}. */
  static Fault latency(String point, Duration delay, double rate) {
    return new Latency(point, delay, rate);
  }

  /** Adds {@code delay} to every call to {@code point}'s {@code maybeDelay()}. */
  static Fault latency(String point, Duration delay) {
    return latency(point, delay, 1.0);
  }

  /** Throws a {@link ChaosException} from a share {@code rate} (0..1] of the calls to {@code point}'s {@code maybeFail()}. */
  static Fault failure(String point, double rate) {
    return new Failure(point, rate);
  }

  /** Blocks every caller of {@code point}'s {@code maybeHang()} until the fault is released. */
  static Fault hang(String point) {
    return new Hang(point);
  }

  /** Keeps {@code bytesPerCall} more bytes on each call to {@code point}'s {@code maybeLeak()}, up to {@code maxBytes}. */
  static Fault memoryLeak(String point, long maxBytes, long bytesPerCall) {
    return new MemoryLeak(point, maxBytes, bytesPerCall);
  }

  /** Allocates {@code bytes} at once when injected and holds them until released. */
  static Fault memoryLeak(long bytes) {
    return new MemoryLeak("", bytes, bytes);
  }

  /** Burns CPU on {@code threads} daemon threads at {@code dutyCycle} (0..1], for at most {@code maxDuration}. */
  static Fault cpuBurn(int threads, double dutyCycle, Duration maxDuration) {
    return new CpuBurn(threads, dutyCycle, maxDuration);
  }

  /** Makes every sample of the {@link FaultyProbe} named {@code probe} fail. */
  static Fault probeFailure(String probe) {
    return new ProbeFailure(probe);
  }

  /** Makes the {@link FaultyProbe} named {@code probe} report {@code value} for {@code signal}. */
  static Fault probeValue(String probe, String signal, double value) {
    return new ProbeValue(probe, signal, value);
  }

  /** Stops the {@link ChaosComponent} named {@code component}; restarts it on release unless something already did. */
  static Fault stop(String component) {
    return new StoppedComponent(component);
  }

  /** A fault of the application's own: {@code inject} when the drill starts, {@code release} when it ends. */
  static Fault custom(String description, Runnable inject, Runnable release) {
    return new Custom(description, inject, release);
  }

  /**
   * Added latency.
   *
   * @param point the chaos point
   * @param delay added to each affected call; positive
   * @param rate the share of calls affected, 0 (excluded) to 1
   */
  record Latency(String point, Duration delay, double rate) implements Fault {
    /** Validates. */
    public Latency {
      Checks.name("point", point);
      Checks.positive("delay", delay);
      Checks.rate(rate);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "latency +%s ms at '%s'%s", delay.toMillis(), point, Checks.share(rate));
    }
  }

  /**
   * Injected exceptions.
   *
   * @param point the chaos point
   * @param rate the share of calls that throw, 0 (excluded) to 1
   */
  record Failure(String point, double rate) implements Fault {
    /** Validates. */
    public Failure {
      Checks.name("point", point);
      Checks.rate(rate);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "exceptions at '%s'%s", point, Checks.share(rate));
    }
  }

  /**
   * A hang: callers block until the fault is released.
   *
   * @param point the chaos point
   */
  record Hang(String point) implements Fault {
    /** Validates. */
    public Hang {
      Checks.name("point", point);
    }

    @Override
    public String describe() {
      return "callers hang at '" + point + "'";
    }
  }

  /**
   * A bounded memory leak, held until release.
   *
   * @param point the chaos point that grows it, or empty to allocate everything at injection
   * @param maxBytes the most it holds; positive
   * @param bytesPerCall what each call adds; positive, at most {@code maxBytes}
   */
  record MemoryLeak(String point, long maxBytes, long bytesPerCall) implements Fault {
    /** Validates. */
    public MemoryLeak {
      requireNonNull(point, "point");
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      if (bytesPerCall < 1 || bytesPerCall > maxBytes) {
        throw new IllegalArgumentException("bytesPerCall must be 1.." + maxBytes + ", got " + bytesPerCall);
      }
    }

    @Override
    public String describe() {
      return point.isEmpty()
          ? String.format(Locale.ROOT, "%s held", Checks.bytes(maxBytes))
          : String.format(Locale.ROOT, "memory leak at '%s', %s per call up to %s", point,
              Checks.bytes(bytesPerCall), Checks.bytes(maxBytes));
    }
  }

  /**
   * A bounded CPU burn.
   *
   * @param threads how many threads burn; 1..the config's maximum
   * @param dutyCycle the share of each 10 ms each thread spins, 0 (excluded) to 1
   * @param maxDuration the longest it burns, even if never released; positive
   */
  record CpuBurn(int threads, double dutyCycle, Duration maxDuration) implements Fault {
    /** Validates. */
    public CpuBurn {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, got " + threads);
      }
      if (!(dutyCycle > 0 && dutyCycle <= 1)) {
        throw new IllegalArgumentException("dutyCycle must be in (0, 1], got " + dutyCycle);
      }
      Checks.positive("maxDuration", maxDuration);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "CPU burn: %d thread(s) at %.0f%% for at most %ss", threads,
          dutyCycle * 100, maxDuration.toSeconds());
    }
  }

  /**
   * A probe whose samples fail.
   *
   * @param probe the faulty probe's name
   */
  record ProbeFailure(String probe) implements Fault {
    /** Validates. */
    public ProbeFailure {
      Checks.name("probe", probe);
    }

    @Override
    public String describe() {
      return "probe '" + probe + "' fails";
    }
  }

  /**
   * A probe that reports a given value for one signal.
   *
   * @param probe the faulty probe's name
   * @param signal the signal it overrides
   * @param value the value it reports; finite
   */
  record ProbeValue(String probe, String signal, double value) implements Fault {
    /** Validates. */
    public ProbeValue {
      Checks.name("probe", probe);
      Checks.name("signal", signal);
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("value must be finite, got " + value);
      }
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "probe '%s' reports %s=%s", probe, signal, Checks.number(value));
    }
  }

  /**
   * A stopped component.
   *
   * @param component the chaos component's name
   */
  record StoppedComponent(String component) implements Fault {
    /** Validates. */
    public StoppedComponent {
      Checks.name("component", component);
    }

    @Override
    public String describe() {
      return "component '" + component + "' stopped";
    }
  }

  /**
   * A fault of the application's own, such as a scenario's built-in failure.
   *
   * @param description what it does, in words
   * @param inject called once when the drill injects it; must return quickly
   * @param release called once when the drill ends or aborts; must return quickly
   */
  record Custom(String description, Runnable inject, Runnable release) implements Fault {
    /** Validates. */
    public Custom {
      Checks.name("description", description);
      requireNonNull(inject, "inject");
      requireNonNull(release, "release");
    }

    @Override
    public String describe() {
      return description;
    }
  }
}
