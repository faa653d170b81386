package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What chaos a process allows: the targets drills may run on (none by default), and the bounds no
 * fault may exceed. Immutable and thread-safe.
 *
 * <pre>{@code
 * ChaosConfig config = ChaosConfig.builder().allowDrills("checkout").build();
 * }</pre>
 *
 * @param allowedTargets targets on which drills may run; empty (the default) means none
 * @param maxDrillDuration the longest any drill may hold a fault; default {@link #DEFAULT_MAX_DRILL_DURATION}
 * @param maxLeakBytes the most a memory leak may hold; default {@link #DEFAULT_MAX_LEAK_BYTES}
 * @param maxCpuThreads the most threads a CPU burn may use; default {@link #DEFAULT_MAX_CPU_THREADS}
 * @param maxLatency the longest delay a latency fault may add; default {@link #DEFAULT_MAX_LATENCY}
 * @param scheduling whether a {@link DrillScheduler} may start; default false
 */
public record ChaosConfig(
    Set<String> allowedTargets, Duration maxDrillDuration, long maxLeakBytes, int maxCpuThreads,
    Duration maxLatency, boolean scheduling) {

  /** Default longest drill: 15 minutes. */
  public static final Duration DEFAULT_MAX_DRILL_DURATION = Duration.ofMinutes(15);
  /** Default largest leak: 256 MiB. */
  public static final long DEFAULT_MAX_LEAK_BYTES = 256L * 1024 * 1024;
  /** Default most CPU burn threads: 2. */
  public static final int DEFAULT_MAX_CPU_THREADS = 2;
  /** Default longest added latency: 30 seconds. */
  public static final Duration DEFAULT_MAX_LATENCY = Duration.ofSeconds(30);

  /** Validates and copies. */
  public ChaosConfig {
    allowedTargets = Set.copyOf(requireNonNull(allowedTargets, "allowedTargets"));
    Checks.positive("maxDrillDuration", maxDrillDuration);
    Checks.positive("maxLatency", maxLatency);
    if (maxLeakBytes < 1) {
      throw new IllegalArgumentException("maxLeakBytes must be positive, got " + maxLeakBytes);
    }
    if (maxCpuThreads < 1) {
      throw new IllegalArgumentException("maxCpuThreads must be positive, got " + maxCpuThreads);
    }
  }

  /** Returns a config that allows no drill at all. */
  public static ChaosConfig disabled() {
    return builder().build();
  }

  /** Starts a builder with the defaults: no target allowed. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns whether drills may run on {@code target}. */
  public boolean allows(String target) {
    return allowedTargets.contains(target);
  }

  /** Throws {@link IllegalStateException} with a message saying how to allow it, unless allowed. */
  void checkAllowed(String target) {
    if (!allows(target)) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "drills are not allowed on target '%s' (allowed: %s): chaos is off unless "
              + "ChaosConfig.builder().allowDrills(\"%s\") names the target", target,
          allowedTargets.stream().sorted().toList(), target));
    }
  }

  /** Throws {@link IllegalArgumentException} if the fault exceeds a bound. */
  void checkBounds(Fault fault) {
    if (fault instanceof Fault.MemoryLeak m && m.maxBytes() > maxLeakBytes) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "memory leak of %d bytes exceeds maxLeakBytes %d", m.maxBytes(), maxLeakBytes));
    }
    if (fault instanceof Fault.CpuBurn c && c.threads() > maxCpuThreads) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "CPU burn on %d threads exceeds maxCpuThreads %d", c.threads(), maxCpuThreads));
    }
    if (fault instanceof Fault.CpuBurn c && c.maxDuration().compareTo(maxDrillDuration) > 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "CPU burn for %s exceeds maxDrillDuration %s", c.maxDuration(), maxDrillDuration));
    }
    if (fault instanceof Fault.Latency l && l.delay().compareTo(maxLatency) > 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "latency of %s exceeds maxLatency %s", l.delay(), maxLatency));
    }
  }

  /** Builds a {@link ChaosConfig}; not thread-safe. */
  public static final class Builder {
    private final Set<String> allowed = new LinkedHashSet<>();
    private Duration maxDrillDuration = DEFAULT_MAX_DRILL_DURATION;
    private long maxLeakBytes = DEFAULT_MAX_LEAK_BYTES;
    private int maxCpuThreads = DEFAULT_MAX_CPU_THREADS;
    private Duration maxLatency = DEFAULT_MAX_LATENCY;
    private boolean scheduling;

    private Builder() {}

    /** Allows drills on these targets; nothing else may be drilled. */
    public Builder allowDrills(String... targets) {
      for (String t : List.of(targets)) {
        allowed.add(Checks.name("target", t));
      }
      return this;
    }

    /** Sets the longest any drill may hold a fault. */
    public Builder maxDrillDuration(Duration max) {
      this.maxDrillDuration = Checks.positive("maxDrillDuration", max);
      return this;
    }

    /** Sets the most bytes a memory leak may hold. */
    public Builder maxLeakBytes(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxLeakBytes must be positive, got " + max);
      }
      this.maxLeakBytes = max;
      return this;
    }

    /** Sets the most threads a CPU burn may use. */
    public Builder maxCpuThreads(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxCpuThreads must be positive, got " + max);
      }
      this.maxCpuThreads = max;
      return this;
    }

    /** Sets the longest delay a latency fault may add. */
    public Builder maxLatency(Duration max) {
      this.maxLatency = Checks.positive("maxLatency", max);
      return this;
    }

    /** Lets a {@link DrillScheduler} start (off by default). */
    public Builder scheduling(boolean enabled) {
      this.scheduling = enabled;
      return this;
    }

    /** Returns the config. */
    public ChaosConfig build() {
      return new ChaosConfig(allowed, maxDrillDuration, maxLeakBytes, maxCpuThreads, maxLatency, scheduling);
    }
  }
}
