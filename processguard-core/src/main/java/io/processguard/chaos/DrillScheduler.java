package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drills on a schedule, one at a time, on one daemon thread named {@code
 * processguard-drills}. Off by default: {@link #start()} refuses unless the chaos config enables
 * scheduling, and each drill still needs its target allowed.
 *
 * <pre>{@code
 * DrillScheduler scheduler = DrillScheduler.create(chaos.config(), runner::run, reports::add)
 *     .every(drill, Duration.ofHours(24))
 *     .start();
 * }</pre>
 *
 * <p>Thread-safe. A drill that throws (refused, say) is logged and tried again at its next time.
 * {@link #close()} is idempotent and stops the thread; a drill in progress is interrupted and
 * releases its fault.
 */
public final class DrillScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrillScheduler.class);

  private final ChaosConfig config;
  private final Function<Drill, DrillReport> runner;
  private final Consumer<DrillReport> reports;
  private final List<Scheduled> schedule = new ArrayList<>();
  private @Nullable ScheduledExecutorService executor;

  private record Scheduled(Drill drill, Duration every) {}

  private DrillScheduler(ChaosConfig config, Function<Drill, DrillReport> runner, Consumer<DrillReport> reports) {
    this.config = config;
    this.runner = runner;
    this.reports = reports;
  }

  /** Creates a scheduler that runs drills with {@code runner} and hands each report to {@code reports}. */
  public static DrillScheduler create(ChaosConfig config, Function<Drill, DrillReport> runner,
      Consumer<DrillReport> reports) {
    return new DrillScheduler(requireNonNull(config, "config"), requireNonNull(runner, "runner"),
        requireNonNull(reports, "reports"));
  }

  /** Runs {@code drill} every {@code every}, the first time one period after {@link #start()}. */
  public synchronized DrillScheduler every(Drill drill, Duration every) {
    requireNonNull(drill, "drill");
    Checks.positive("every", every);
    if (executor != null) {
      throw new IllegalStateException("the drill scheduler is started: add drills before start()");
    }
    config.checkAllowed(drill.target());
    schedule.add(new Scheduled(drill, every));
    return this;
  }

  /** Starts the thread; refused unless {@link ChaosConfig#scheduling()} is true. Idempotent. */
  public synchronized DrillScheduler start() {
    if (!config.scheduling()) {
      throw new IllegalStateException(
          "scheduled drills are off: enable them with ChaosConfig.builder().scheduling(true)");
    }
    if (executor == null) {
      ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "processguard-drills");
        t.setDaemon(true);
        return t;
      });
      for (Scheduled s : schedule) {
        long nanos = s.every().toNanos();
        ex.scheduleWithFixedDelay(() -> runOnce(s.drill()), nanos, nanos, TimeUnit.NANOSECONDS);
      }
      executor = ex;
    }
    return this;
  }

  private void runOnce(Drill drill) {
    try {
      reports.accept(runner.apply(drill));
    } catch (RuntimeException e) {
      LOG.warn("scheduled drill '{}' did not run: {}", drill.name(), e.toString());
    }
  }

  /** Stops the thread; idempotent. */
  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
