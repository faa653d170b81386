package io.processguard.examples.checkout;

import io.processguard.ProcessGuard;
import io.processguard.alert.Notification;
import io.processguard.condition.Condition;
import io.processguard.examples.ScenarioResult;
import io.processguard.examples.Timeline;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
import io.processguard.recovery.Incident;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.Tier;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Seed scenario 1, an e-commerce checkout whose workers leak memory: one worker starts leaking,
 * its orders slow down until they miss their deadline; ProcessGuard sees p99 latency climb,
 * restarts the worker pool, tells the SRE channel, and verifies that orders flow again.
 */
public final class CheckoutScenario {
  /** The checkout target's recovery time objective. */
  public static final Duration RTO = Duration.ofSeconds(30);

  private static final Duration SAMPLE = Duration.ofMillis(250);
  private static final long WINDOW = TimeUnit.SECONDS.toNanos(2);
  private static final int ORDERS_PER_SECOND = 200;

  private CheckoutScenario() {}

  /** The checkout target: critical, 30 s RTO, owned by payments. */
  public static Target target() {
    return Target.builder("checkout").tier(Tier.CRITICAL).rto(RTO).owner("payments")
        .runbook("https://runbooks.example.com/checkout").tag("team", "payments").build();
  }

  /** The watched conditions: p99 latency with hysteresis, and heap in use as a warning. */
  public static TargetSpec spec(CheckoutService service) {
    return TargetSpec.builder(target())
        .probe("latency", () -> Sample.of("latency.p99.ms", service.p99Millis(WINDOW)), SAMPLE)
        .probe("heap", () -> Sample.of("heap.used.mb",
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0)), SAMPLE)
        .condition("checkout-slow", Severity.CRITICAL, slow())
        .build();
  }

  /** Slow: p99 latency above 150 ms for 2 samples; clear only below 60 ms for 2 samples. */
  public static Condition slow() {
    return Condition.signal("latency.p99.ms").above(150).forSamples(2).clearBelow(60).clearAfter(2);
  }

  /** The recovery policy: restart the workers (twice), then stop sending work and page. */
  public static Policy policy() {
    return Policy.builder("checkout-recovery", "checkout")
        .rule("checkout-slow", Duration.ofSeconds(10),
            Rung.of(ActionSpec.restart("checkout-workers"), ActionSpec.alert("sre")),
            Rung.of(ActionSpec.restart("checkout-workers"), ActionSpec.alert("sre")),
            Rung.of(ActionSpec.markUnready(), ActionSpec.alert("sre")))
        .restartBudget(RestartBudget.of(3, Duration.ofMinutes(10)))
        .backoff(Backoff.exponential(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(30)))
        .escalateTo("sre")
        .remediation("If restarts do not hold, roll back the last checkout deploy.")
        .build();
  }

  /** Runs the scenario in real time (about 15 s, at most 40 s) and prints its timeline. */
  public static ScenarioResult run(PrintStream out) {
    Instant start = Clock.systemUTC().instant();
    Timeline timeline = new Timeline(start);
    List<String> sre = new ArrayList<>();
    try (CheckoutService service = new CheckoutService(4);
        ProcessGuard guard = ProcessGuard.builder()
            .logEvents(false)
            .listener(timeline)
            .restartable("checkout-workers", service.workers())
            .notifier("sre", n -> {
              sre.add(n.kind() + " " + n.summary());
              timeline.note(n.timestamp(), n.target(), "SRE      [" + n.kind() + "] " + n.summary());
            })
            .target(spec(service))
            .policy(policy())
            .build()
            .start()) {
      long begin = System.nanoTime();
      long leakAt = begin + TimeUnit.SECONDS.toNanos(2);
      long end = begin + TimeUnit.SECONDS.toNanos(40);
      boolean leaking = false;
      long period = TimeUnit.SECONDS.toNanos(1) / ORDERS_PER_SECOND;
      long next = begin;
      Optional<Incident> recovered = Optional.empty();
      long recoveredAtNanos = 0;
      while (System.nanoTime() < end) {
        if (!leaking && System.nanoTime() >= leakAt) {
          leaking = true;
          service.startLeak();
          timeline.note(Clock.systemUTC().instant(), "checkout", "FAULT    a worker starts leaking 64 KiB per order");
        }
        service.placeOrder();
        next += period;
        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        if (recovered.isEmpty()) {
          recovered = guard.incidents("checkout").stream()
              .filter(i -> i.status() == Incident.Status.RECOVERED).findFirst();
          if (recovered.isPresent()) {
            recoveredAtNanos = System.nanoTime();
            end = Math.min(end, recoveredAtNanos + TimeUnit.SECONDS.toNanos(4));
          }
        }
      }
      long failedAfter = recovered.isPresent() ? service.failedSince(recoveredAtNanos) : service.failed();
      out.println("Checkout: a worker leaks memory and slows orders down");
      timeline.print(out);
      Optional<Incident> incident = guard.incidents("checkout").stream().findFirst();
      List<String> evidence = List.of(
          String.format(Locale.ROOT, "orders: %d ok; %d failed before recovery, %d failed after recovery",
              service.ok(), service.failed() - failedAfter, failedAfter),
          String.format(Locale.ROOT, "worker pool restarted %d time(s); %.1f MiB leaked before the restart",
              service.workers().generation() - 1, service.leakedBytes() / (1024.0 * 1024.0)),
          "SRE channel received: " + sre);
      evidence.forEach(line -> out.println("  " + line));
      boolean passed = recovered.isPresent() && failedAfter == 0
          && recovered.get().timeToRecover().orElseThrow().compareTo(RTO) <= 0;
      return new ScenarioResult("checkout", "worker memory leak",
          incident.map(Incident::timeToDetect), recovered.flatMap(Incident::timeToRecover), RTO, passed, evidence);
    }
  }
}
