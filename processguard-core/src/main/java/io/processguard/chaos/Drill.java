package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A recovery drill: inject one fault into one target, expect ProcessGuard to detect it and recover
 * within the target's RTO, and check that the steady state holds before and after. Immutable data;
 * run it with a {@link DrillRunner}.
 *
 * <pre>{@code
 * Drill drill = Drill.builder("checkout-leak", "checkout")
 *     .fault(Fault.memoryLeak("checkout", 64 << 20, 64 << 10))
 *     .signal(DrillSignal.of("latency.p99.ms", latencyProbe, 150))
 *     .hypothesis(SteadyState.healthy("checkout"), SteadyState.signalBelow("latency.p99.ms", 150))
 *     .abortWhen(AbortCondition.targetDegrades("payments"))
 *     .maxDuration(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 *
 * @param name the drill's name
 * @param target the drilled target
 * @param fault the fault injected
 * @param signals what is sampled at each poll, for checks and the chart
 * @param hypothesis what must hold before injection and after release
 * @param aborts what stops the drill at once
 * @param blastRadius targets that may be affected; always contains {@code target}; any other
 *     target that degrades aborts the drill
 * @param maxDuration the longest the fault stays injected; default {@link #DEFAULT_MAX_DURATION}
 * @param pollEvery how often signals, aborts and events are checked; default {@link #DEFAULT_POLL}
 * @param settleTimeout how long the hypothesis may take to hold again after release; default
 *     {@link #DEFAULT_SETTLE_TIMEOUT}
 * @param holdFor release the fault after this long, if set; otherwise it is held until recovery
 * @param releaseOnRecoveryAction release the fault when the first recovery action on the target
 *     succeeds (a restart that clears the bad state, as a real restart would)
 */
public record Drill(
    String name, String target, Fault fault, List<DrillSignal> signals, List<SteadyState> hypothesis,
    List<AbortCondition> aborts, Set<String> blastRadius, Duration maxDuration, Duration pollEvery,
    Duration settleTimeout, Optional<Duration> holdFor, boolean releaseOnRecoveryAction) {

  /** Default longest injection: 5 minutes. */
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(5);
  /** Default poll interval: 1 second. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
  /** Default time for the steady state to return after release: 30 seconds. */
  public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(30);

  /** Validates and copies. */
  public Drill {
    Checks.name("name", name);
    Checks.name("target", target);
    requireNonNull(fault, "fault");
    signals = List.copyOf(signals);
    hypothesis = List.copyOf(hypothesis);
    aborts = List.copyOf(aborts);
    blastRadius = Set.copyOf(blastRadius);
    if (!blastRadius.contains(target)) {
      throw new IllegalArgumentException("drill '" + name + "': blastRadius must contain the target '"
          + target + "', got " + blastRadius);
    }
    Checks.positive("maxDuration", maxDuration);
    Checks.positive("pollEvery", pollEvery);
    requireNonNull(settleTimeout, "settleTimeout");
    holdFor.ifPresent(d -> Checks.positive("holdFor", d));
    if (signals.stream().map(DrillSignal::name).distinct().count() != signals.size()) {
      throw new IllegalArgumentException("drill '" + name + "': duplicate signal names in " + signals.stream()
          .map(DrillSignal::name).toList());
    }
  }

  /** Starts a drill on {@code target}. */
  public static Builder builder(String name, String target) {
    return new Builder(Checks.name("name", name), Checks.name("target", target));
  }

  /** Builds a {@link Drill}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String target;
    private Fault fault = Fault.custom("no fault", () -> { }, () -> { });
    private boolean faultSet;
    private final List<DrillSignal> signals = new ArrayList<>();
    private final List<SteadyState> hypothesis = new ArrayList<>();
    private final List<AbortCondition> aborts = new ArrayList<>();
    private final Set<String> blastRadius = new LinkedHashSet<>();
    private Duration maxDuration = DEFAULT_MAX_DURATION;
    private Duration pollEvery = DEFAULT_POLL;
    private Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;
    private Optional<Duration> holdFor = Optional.empty();
    private boolean releaseOnRecoveryAction;

    private Builder(String name, String target) {
      this.name = name;
      this.target = target;
      blastRadius.add(target);
    }

    /** Sets the fault (required). */
    public Builder fault(Fault fault) {
      this.fault = requireNonNull(fault, "fault");
      this.faultSet = true;
      return this;
    }

    /** Adds signals to sample. */
    public Builder signal(DrillSignal... signals) {
      this.signals.addAll(List.of(signals));
      return this;
    }

    /** Adds steady-state checks. */
    public Builder hypothesis(SteadyState... checks) {
      hypothesis.addAll(List.of(checks));
      return this;
    }

    /** Adds abort conditions. */
    public Builder abortWhen(AbortCondition... conditions) {
      aborts.addAll(List.of(conditions));
      return this;
    }

    /** Adds targets that may be affected besides the drilled one. */
    public Builder blastRadius(String... targets) {
      for (String t : targets) {
        blastRadius.add(Checks.name("target", t));
      }
      return this;
    }

    /** Sets the longest the fault stays injected. */
    public Builder maxDuration(Duration max) {
      this.maxDuration = Checks.positive("maxDuration", max);
      return this;
    }

    /** Sets how often the runner polls. */
    public Builder pollEvery(Duration every) {
      this.pollEvery = Checks.positive("pollEvery", every);
      return this;
    }

    /** Sets how long the hypothesis may take to hold again after release; zero checks once. */
    public Builder settleTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative()) {
        throw new IllegalArgumentException("settleTimeout must not be negative, got " + timeout);
      }
      this.settleTimeout = timeout;
      return this;
    }

    /** Releases the fault after {@code d}, whatever happened. */
    public Builder holdFor(Duration d) {
      this.holdFor = Optional.of(Checks.positive("holdFor", d));
      return this;
    }

    /** Releases the fault once a recovery action on the target succeeds. */
    public Builder releaseOnRecoveryAction() {
      this.releaseOnRecoveryAction = true;
      return this;
    }

    /** Returns the drill; throws if no fault was given. */
    public Drill build() {
      if (!faultSet) {
        throw new IllegalArgumentException("drill '" + name + "' needs a fault");
      }
      return new Drill(name, target, fault, signals, hypothesis, aborts, blastRadius, maxDuration, pollEvery,
          settleTimeout, holdFor, releaseOnRecoveryAction);
    }
  }
}
