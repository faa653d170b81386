package io.processguard.examples.analytics;

import io.processguard.ProcessGuard;
import io.processguard.alert.Notification;
import io.processguard.event.GuardEvent;
import io.processguard.examples.ScenarioResult;
import io.processguard.examples.Timeline;
import io.processguard.probe.Sample;
import io.processguard.scale.Backpressure;
import io.processguard.scale.ScaleDecision;
import io.processguard.scale.ScaleEvent;
import io.processguard.scale.Scalables;
import io.processguard.scale.ScalingController;
import io.processguard.scale.ScalingPolicy;
import io.processguard.scale.SignalKind;
import io.processguard.scale.StepLimit;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.Tier;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Seed scenario 2, a real-time analytics pipeline: a producer feeds page views to an aggregator
 * pool through a bounded queue; traffic bursts to ten times its base rate for three seconds.
 * The same workload runs twice: without ProcessGuard (a fixed pool of two; the producer offers
 * and a full queue loses records) and with it (the pool scales out through the
 * ThreadPoolExecutor adapter, backpressure holds the producer once the pool is at its maximum,
 * and the pool scales back in after the burst). Both runs are printed side by side.
 */
public final class AnalyticsPipelineScenario {
  /** The aggregator's recovery time objective: the queue is back under target within 30 s. */
  public static final Duration RTO = Duration.ofSeconds(30);
  /** The p99 enqueue-to-processed latency the guarded run must stay within. */
  public static final Duration P99_BOUND = Duration.ofSeconds(1);

  static final int BASE_RATE = 500;
  static final int BURST_RATE = 5000;
  static final double BEFORE_SECONDS = 0.5;
  static final double BURST_SECONDS = 3.0;
  static final double AFTER_SECONDS = 2.0;
  static final int QUEUE_CAPACITY = 1500;
  static final int TARGET_DEPTH = 100;
  static final int MIN_POOL = 2;
  static final int MAX_POOL = 8;
  static final int TOTAL = (int) Math.round(BASE_RATE * BEFORE_SECONDS + BURST_RATE * BURST_SECONDS
      + BASE_RATE * AFTER_SECONDS);

  private static final Duration SAMPLE = Duration.ofMillis(100);
  private static final String[] PAGES = {"/", "/search", "/product", "/cart", "/checkout"};

  private AnalyticsPipelineScenario() {}

  /** The aggregator target: high tier, 30 s RTO, owned by the data team. */
  public static Target target() {
    return Target.builder("aggregator").tier(Tier.HIGH).rto(RTO).owner("data")
        .runbook("https://runbooks.example.com/aggregator").tag("team", "data").build();
  }

  /**
   * The scaling policy: hold the queue at 100 records with 2 to 8 workers; scale up at once
   * (default limit: 4 workers or 100 % per step), scale down after 1 s of lower recommendations
   * by at most half the pool per step, 100 ms apart; hold the producer after 200 ms at the
   * maximum and still above the band.
   */
  public static ScalingPolicy policy() {
    return ScalingPolicy.builder("aggregator-scaling", "aggregator")
        .signal(SignalKind.QUEUE_DEPTH, TARGET_DEPTH)
        .scalable("aggregator-pool")
        .replicas(MIN_POOL, MAX_POOL)
        .cooldown(SAMPLE)
        .scaleDownStabilization(Duration.ofSeconds(1))
        .scaleDownLimit(StepLimit.percent(50))
        .backpressure("ingest", Duration.ofMillis(200))
        .alertTo("data-oncall")
        .build();
  }

  /** Runs both runs (about 13 s in all), prints the timeline and the table, returns the result. */
  public static ScenarioResult run(PrintStream out) {
    return compare(out).result();
  }

  static Comparison compare(PrintStream out) {
    RunStats without = runWithout();
    Instant start = Clock.systemUTC().instant();
    Timeline timeline = new Timeline(start);
    RunStats with = runWith(timeline);
    out.println("Analytics pipeline: traffic bursts from " + BASE_RATE + " to " + BURST_RATE
        + " records/s for " + BURST_SECONDS + " s");
    timeline.print(out);
    List<String> evidence = table(without, with);
    evidence.forEach(line -> out.println("  " + line));
    boolean passed = with.lost() == 0 && with.processed() == TOTAL && with.p99().compareTo(P99_BOUND) <= 0
        && with.scaledBackIn() && with.recoveredAfter().map(r -> r.compareTo(RTO) <= 0).orElse(false);
    ScenarioResult result = new ScenarioResult("analytics", "10x traffic burst for 3 s",
        with.detectedAfter(), with.recoveredAfter(), RTO, passed, evidence);
    return new Comparison(without, with, result);
  }

  static List<String> table(RunStats without, RunStats with) {
    List<String> lines = new ArrayList<>();
    String format = "%-34s %18s %18s";
    lines.add(String.format(Locale.ROOT, format, "", "without ProcessGuard", "with ProcessGuard"));
    lines.add(row(format, "records produced", without.produced(), with.produced()));
    lines.add(row(format, "records processed", without.processed(), with.processed()));
    lines.add(row(format, "records lost", without.lost(), with.lost()));
    lines.add(String.format(Locale.ROOT, format, "p99 latency (enqueue -> processed)",
        millis(without.p99()), millis(with.p99())));
    lines.add(row(format, "max pool size", without.maxPool(), with.maxPool()));
    lines.add(row(format, "scale events", without.scaleEvents(), with.scaleEvents()));
    lines.add(String.format(Locale.ROOT, format, "backpressure engaged (producer held)",
        millis(without.backpressure()), millis(with.backpressure()) + " (" + with.engagements() + "x)"));
    lines.add(String.format(Locale.ROOT, format, "pool size at the end", without.finalPool(), with.finalPool()));
    return lines;
  }

  private static String row(String format, String name, long a, long b) {
    return String.format(Locale.ROOT, format, name, a, b);
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  /** The workload without ProcessGuard: a fixed pool of two; a full queue loses the record. */
  static RunStats runWithout() {
    try (Aggregator agg = new Aggregator("plain", MIN_POOL, QUEUE_CAPACITY, TOTAL)) {
      AtomicLong lost = new AtomicLong();
      Producer producer = new Producer(page -> {
        if (!agg.offer(page)) {
          lost.incrementAndGet();
        }
      });
      producer.runToEnd(System.nanoTime());
      awaitDrained(agg, TOTAL - lost.get(), Duration.ofSeconds(10));
      return new RunStats(producer.produced(), agg.processed(), lost.get(), agg.p99(), agg.largestPool(), 0,
          Duration.ZERO, 0, agg.pool().getCorePoolSize(), Optional.empty(), Optional.empty(), false);
    }
  }

  /** The same workload with ProcessGuard scaling the pool and holding the producer at the maximum. */
  static RunStats runWith(Timeline timeline) {
    Backpressure gate = Backpressure.create("ingest");
    List<GuardEvent> events = new CopyOnWriteArrayList<>();
    try (Aggregator agg = new Aggregator("guarded", MIN_POOL, QUEUE_CAPACITY, TOTAL);
        ScalingController controller = ScalingController.builder().policy(policy())
            .scalable("aggregator-pool", Scalables.threadPool(agg.pool())).gate(gate)
            .notifier("data-oncall", n -> {
              if (n.kind() == Notification.Kind.TRIGGER) {
                timeline.note(n.timestamp(), n.target(), "ONCALL   [" + n.kind() + "] " + n.dedupKey());
              }
            })
            .build()) {
      ProcessGuard guard = ProcessGuard.builder().logEvents(false)
          .listener(events::add)
          .listener(e -> describe(timeline, e))
          .target(TargetSpec.builder(target())
              .probe("queue", () -> Sample.of("queue.depth", agg.depth()), SAMPLE).build())
          .controller(controller)
          .build().start();
      try {
        return measure(agg, gate, events, timeline);
      } finally {
        guard.close();
      }
    }
  }

  private static RunStats measure(Aggregator agg, Backpressure gate, List<GuardEvent> events, Timeline timeline) {
    Producer producer = new Producer(page -> {
      while (!gate.acquire(Duration.ofMillis(50))) {
        // held: the record stays with the producer
      }
      while (!agg.offer(page, Duration.ofMillis(50))) {
        // queue full: wait for room, never drop
      }
    });
    long begin = System.nanoTime();
    Instant burstStart = Clock.systemUTC().instant().plusNanos(seconds(BEFORE_SECONDS));
    long burstEndNanos = begin + seconds(BEFORE_SECONDS + BURST_SECONDS);
    timeline.note(burstStart, "aggregator", "BURST    producer goes from " + BASE_RATE + " to " + BURST_RATE + " records/s");
    timeline.note(burstStart.plusNanos(seconds(BURST_SECONDS)), "aggregator", "BURST    scheduled end: back to "
        + BASE_RATE + " records/s (a held producer still catches up)");
    Thread thread = new Thread(() -> producer.runToEnd(begin), "analytics-producer");
    thread.setDaemon(true);
    thread.start();
    Optional<Instant> recovered = Optional.empty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      boolean caughtUp = System.nanoTime() >= burstEndNanos && producer.burstDone();
      if (recovered.isEmpty() && caughtUp && agg.depth() <= TARGET_DEPTH) {
        recovered = Optional.of(Clock.systemUTC().instant());
        timeline.note(recovered.get(), "aggregator", "CLEAR    queue back under " + TARGET_DEPTH + " after the burst");
      }
      boolean scaledIn = events.stream().anyMatch(e -> e instanceof ScaleEvent.Scaled s && s.to() == MIN_POOL);
      if (!thread.isAlive() && agg.processed() == TOTAL && scaledIn) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    List<ScaleEvent.Scaled> scaled = events.stream().filter(ScaleEvent.Scaled.class::isInstance)
        .map(ScaleEvent.Scaled.class::cast).toList();
    Optional<Duration> detected = events.stream().filter(ScaleEvent.DecisionMade.class::isInstance)
        .map(ScaleEvent.DecisionMade.class::cast)
        .filter(d -> d.record().decision() instanceof ScaleDecision.Scale s && s.up())
        .findFirst().map(d -> Duration.between(burstStart, d.timestamp()));
    Duration held = events.stream().filter(ScaleEvent.BackpressureReleased.class::isInstance)
        .map(e -> ((ScaleEvent.BackpressureReleased) e).engagedFor()).reduce(Duration.ZERO, Duration::plus);
    return new RunStats(producer.produced(), agg.processed(), gate.shedTotal(), agg.p99(), agg.largestPool(),
        scaled.size(), held, gate.engagements(), agg.pool().getCorePoolSize(), detected,
        recovered.map(r -> Duration.between(burstStart, r)),
        agg.pool().getCorePoolSize() == MIN_POOL && scaled.stream().anyMatch(s -> s.to() < s.from()));
  }

  private static void describe(Timeline timeline, GuardEvent e) {
    if (e instanceof ScaleEvent.DecisionMade d
        && d.record().decision() instanceof ScaleDecision.Scale) {
      timeline.note(e.timestamp(), e.target(), "DECIDE   " + d.record().decision().describe() + " ("
          + d.record().signal() + "=" + Math.round(d.record().value()) + ", target " + TARGET_DEPTH + ")");
    } else if (e instanceof ScaleEvent.Scaled s) {
      timeline.note(e.timestamp(), e.target(), "SCALED   pool " + s.from() + " -> " + s.to());
    } else if (e instanceof ScaleEvent.BackpressureEngaged b) {
      timeline.note(e.timestamp(), e.target(), "HOLD     gate '" + b.gate() + "' closed: " + b.reason());
    } else if (e instanceof ScaleEvent.BackpressureReleased r) {
      timeline.note(e.timestamp(), e.target(), "RELEASE  gate '" + r.gate() + "' open after "
          + r.engagedFor().toMillis() + " ms");
    }
  }

  private static long seconds(double seconds) {
    return Math.round(seconds * 1e9);
  }

  private static void awaitDrained(Aggregator agg, long expected, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (agg.processed() < expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** How a producer hands one record over; may block. */
  @FunctionalInterface
  interface Sink {
    void accept(String page) throws InterruptedException;
  }

  /**
   * Produces the workload on a fixed schedule: {@link #BASE_RATE}/s, then {@link #BURST_RATE}/s,
   * then the base rate again. A producer held back falls behind its schedule and catches up as
   * fast as it is let through, so both runs produce the same records.
   */
  static final class Producer {
    private final Sink sink;
    private final AtomicLong produced = new AtomicLong();

    Producer(Sink sink) {
      this.sink = sink;
    }

    void runToEnd(long begin) {
      try {
        while (produced.get() < TOTAL) {
          long due = Math.min(TOTAL, due((System.nanoTime() - begin) / 1e9));
          while (produced.get() < due) {
            sink.accept(PAGES[(int) (produced.get() % PAGES.length)]);
            produced.incrementAndGet();
          }
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    boolean burstDone() {
      return produced.get() >= due(BEFORE_SECONDS + BURST_SECONDS);
    }

    long produced() {
      return produced.get();
    }

    static long due(double seconds) {
      double before = Math.min(seconds, BEFORE_SECONDS);
      double burst = Math.max(0, Math.min(seconds - BEFORE_SECONDS, BURST_SECONDS));
      double after = Math.max(0, Math.min(seconds - BEFORE_SECONDS - BURST_SECONDS, AFTER_SECONDS));
      return Math.round(BASE_RATE * before + BURST_RATE * burst + BASE_RATE * after);
    }
  }

  /**
   * What one run measured.
   *
   * @param produced records the producer made
   * @param processed records the aggregator counted
   * @param lost records refused by a full queue (without) or shed through the gate (with)
   * @param p99 99th percentile enqueue-to-processed latency
   * @param maxPool the largest pool
   * @param scaleEvents completed scale steps
   * @param backpressure total time the gate was closed
   * @param engagements how many times the gate closed
   * @param finalPool the pool's size at the end
   * @param detectedAfter burst start to the first scale-out decision
   * @param recoveredAfter burst start to the queue back under target once the burst was over
   * @param scaledBackIn whether the pool returned to its minimum by scaling in
   */
  record RunStats(long produced, long processed, long lost, Duration p99, int maxPool, int scaleEvents,
      Duration backpressure, long engagements, int finalPool, Optional<Duration> detectedAfter,
      Optional<Duration> recoveredAfter, boolean scaledBackIn) {}

  /**
   * Both runs and the scenario's result.
   *
   * @param without the run without ProcessGuard
   * @param with the run with ProcessGuard
   * @param result the result
   */
  record Comparison(RunStats without, RunStats with, ScenarioResult result) {}
}
