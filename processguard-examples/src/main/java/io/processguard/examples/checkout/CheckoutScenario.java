package io.processguard.examples.checkout;

import io.processguard.ProcessGuard;
import io.processguard.condition.Condition;
import io.processguard.chaos.Chaos;
import io.processguard.chaos.ChaosConfig;
import io.processguard.chaos.Drill;
import io.processguard.chaos.DrillReport;
import io.processguard.chaos.DrillRunner;
import io.processguard.chaos.DrillSignal;
import io.processguard.chaos.Fault;
import io.processguard.chaos.SteadyState;
import io.processguard.examples.ScenarioDrill;
import io.processguard.examples.ScenarioResult;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.examples.Timeline;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.probe.Sample;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    return drill(out).result();
  }

  /**
   * Runs the scenario as a recovery drill in real time: orders flow; a {@link DrillRunner} checks
   * the steady state (checkout healthy, p99 under 150 ms), injects the leak through the
   * scenario's own fault ({@link CheckoutService#startLeak()}), follows the incident to recovery,
   * releases the fault and checks the steady state again. Prints the timeline; returns the
   * scenario's result and the drill report.
   */
  public static ScenarioDrill drill(PrintStream out) {
    Instant start = Clock.systemUTC().instant();
    Timeline timeline = new Timeline(start);
    List<String> sre = new ArrayList<>();
    AtomicLong recoveredAtNanos = new AtomicLong();
    try (CheckoutService service = new CheckoutService(4);
        Chaos chaos = Chaos.create(ChaosConfig.builder().allowDrills("checkout").build());
        ProcessGuard guard = ProcessGuard.builder()
            .logEvents(false)
            .listener(timeline)
            .listener(e -> {
              if (e instanceof RecoveryEvent.IncidentRecovered) {
                recoveredAtNanos.compareAndSet(0, System.nanoTime());
              }
            })
            .restartable("checkout-workers", service.workers())
            .notifier("sre", n -> {
              sre.add(n.kind() + " " + n.summary());
              timeline.note(n.timestamp(), n.target(), "SRE      [" + n.kind() + "] " + n.summary());
            })
            .target(spec(service))
            .policy(policy())
            .build()
            .start()) {
      Load load = new Load(service);
      DrillReport report;
      try {
        load.runFor(TimeUnit.SECONDS.toNanos(2));
        report = DrillRunner.builder(guard, chaos).build().run(leakDrill(service, timeline));
        load.runFor(TimeUnit.SECONDS.toNanos(2));
      } finally {
        load.stop();
      }
      long failedAfter = recoveredAtNanos.get() != 0 ? service.failedSince(recoveredAtNanos.get()) : service.failed();
      out.println("Checkout: a worker leaks memory and slows orders down (run as a recovery drill)");
      timeline.print(out);
      List<String> evidence = List.of(
          String.format(Locale.ROOT, "orders: %d ok; %d failed before recovery, %d failed after recovery",
              service.ok(), service.failed() - failedAfter, failedAfter),
          String.format(Locale.ROOT, "worker pool restarted %d time(s); %.1f MiB leaked before the restart",
              service.workers().generation() - 1, service.leakedBytes() / (1024.0 * 1024.0)),
          "SRE channel received: " + sre,
          "drill: " + report.outcome() + (report.reason().isEmpty() ? "" : " (" + report.reason() + ")"));
      evidence.forEach(line -> out.println("  " + line));
      boolean passed = report.passed() && failedAfter == 0;
      ScenarioResult result = new ScenarioResult("checkout", "worker memory leak",
          report.measures().timeToDetect(), report.measures().timeToRecover(), RTO, passed, evidence);
      return new ScenarioDrill(result, report);
    }
  }

  private static Drill leakDrill(CheckoutService service, Timeline timeline) {
    return Drill.builder("checkout-worker-leak", "checkout")
        .fault(Fault.custom("worker memory leak: 64 KiB per order kept in a worker's thread-local (the scenario's own "
            + "fault; a restart drops it)", () -> {
              service.startLeak();
              timeline.note(Clock.systemUTC().instant(), "checkout", "FAULT    a worker starts leaking 64 KiB per order");
            }, () -> { }))
        .signal(DrillSignal.of("latency.p99.ms", () -> Sample.of("latency.p99.ms", service.p99Millis(WINDOW)), 150),
            DrillSignal.of("heap.used.mb", () -> Sample.of("heap.used.mb",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0))))
        .hypothesis(SteadyState.healthy("checkout"), SteadyState.signalBelow("latency.p99.ms", 150))
        .pollEvery(SAMPLE)
        .maxDuration(Duration.ofSeconds(40))
        .settleTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Places orders at a steady rate on a daemon thread, while the drill runs on the caller's. */
  private static final class Load {
    private final CheckoutService service;
    private final Thread thread;
    private volatile boolean stopped;

    Load(CheckoutService service) {
      this.service = service;
      this.thread = new Thread(this::loop, "checkout-load");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      long period = TimeUnit.SECONDS.toNanos(1) / ORDERS_PER_SECOND;
      long next = System.nanoTime();
      while (!stopped) {
        service.placeOrder();
        next += period;
        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
      }
    }

    void runFor(long nanos) {
      long end = System.nanoTime() + nanos;
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(end - System.nanoTime());
      }
    }

    void stop() {
      stopped = true;
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
