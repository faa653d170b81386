package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import io.processguard.ProcessGuard;
import io.processguard.event.GuardEventListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drills against a guard: checks the steady state, injects the fault, watches the guard's
 * events for the incident it opens, measures time-to-detect, -engage and -recover against the
 * target's RTO, releases the fault (always: on success, failure, abort, exception or interrupt),
 * checks the steady state again, and returns a {@link DrillReport}.
 *
 * <pre>{@code
 * DrillRunner runner = DrillRunner.builder(guard, chaos).build();        // real time
 * DrillReport report = runner.run(drill);
 * DrillAssertions.assertRecoversWithinRto(report);
 * }</pre>
 *
 * <p>Thread-safe; runs one drill at a time (a second concurrent run is refused). {@link #run}
 * blocks the calling thread for the drill's duration; {@link #start} checks and claims on the
 * calling thread and runs on an executor. Listeners receive {@link DrillEvent}s on
 * that thread; one that throws is logged and skipped.
 */
public final class DrillRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);

  /** Who a drill run from Java is recorded as: {@code java}. */
  public static final String JAVA = "java";

  private final ProcessGuard guard;
  private final Chaos chaos;
  private final DrillClock clock;
  private final Map<String, Drill> drills;
  private final CopyOnWriteArraySet<GuardEventListener> listeners = new CopyOnWriteArraySet<>();
  private final AtomicReference<@Nullable String> running = new AtomicReference<>();

  private DrillRunner(Builder b) {
    this.guard = b.guard;
    this.chaos = b.chaos;
    this.clock = b.clock;
    this.drills = Map.copyOf(b.drills);
    this.listeners.addAll(b.listeners);
  }

  /** Starts a runner for this guard and this chaos; real time by default. */
  public static Builder builder(ProcessGuard guard, Chaos chaos) {
    return new Builder(requireNonNull(guard, "guard"), requireNonNull(chaos, "chaos"));
  }

  /** Returns the registered drills, by name. */
  public List<Drill> drills() {
    return drills.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** Returns the registered drill with that name. */
  public Optional<Drill> findDrill(String name) {
    return Optional.ofNullable(drills.get(name));
  }

  /** Returns the name of the drill running now, if any. */
  public Optional<String> running() {
    return Optional.ofNullable(running.get());
  }

  /** Adds a listener for {@link DrillEvent}s. */
  public void addListener(GuardEventListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Runs a drill from Java (recorded as {@link #JAVA}). */
  public DrillReport run(Drill drill) {
    return run(drill, JAVA);
  }

  /**
   * Runs a registered drill on an operator's word, as an actuator endpoint does: the operator is
   * recorded in the events and the report. Throws {@link IllegalArgumentException} for an unknown
   * drill, {@link IllegalStateException} when drills are not allowed on its target or another
   * drill is running.
   */
  public DrillReport run(String drillName, String operator) {
    Checks.name("operator", operator);
    Drill drill = findDrill(drillName).orElseThrow(() -> unknown(drillName));
    return run(drill, operator);
  }

  /**
   * Runs a drill, recorded as run by {@code requestedBy}. Refused before anything happens, with
   * {@link IllegalStateException}, when drills are not allowed on the target or another drill is
   * running; with {@link IllegalArgumentException} when the fault exceeds the config's bounds or the
   * target is not registered.
   */
  public DrillReport run(Drill drill, String requestedBy) {
    claim(drill, requestedBy);
    return execute(drill, requestedBy);
  }

  /**
   * Starts a registered drill on an operator's word and runs it on {@code executor}, so the
   * caller (a request thread) does not wait for it. The refusals of {@link #run(String, String)}
   * happen here, on the calling thread, before anything runs: {@link IllegalArgumentException}
   * for an unknown drill or a fault beyond the bounds, {@link IllegalStateException} when drills
   * are not allowed on the target, another drill is running, or the executor refuses the task.
   * The returned future completes with the report, or exceptionally if the run threw.
   */
  public CompletableFuture<DrillReport> start(String drillName, String operator, Executor executor) {
    Checks.name("operator", operator);
    requireNonNull(executor, "executor");
    Drill drill = findDrill(drillName).orElseThrow(() -> unknown(drillName));
    claim(drill, operator);
    try {
      return CompletableFuture.supplyAsync(() -> execute(drill, operator), executor);
    } catch (RejectedExecutionException e) {
      running.set(null);
      throw new IllegalStateException("drill '" + drill.name() + "' refused: the drill executor is not taking work", e);
    }
  }

  private IllegalArgumentException unknown(String drillName) {
    return new IllegalArgumentException("no drill named '" + drillName + "' (registered: "
        + drills.keySet().stream().sorted().toList() + ")");
  }

  /** Checks the refusals and takes the one-drill-at-a-time slot; throws without taking it. */
  private void claim(Drill drill, String requestedBy) {
    requireNonNull(drill, "drill");
    Checks.name("requestedBy", requestedBy);
    chaos.config().checkAllowed(drill.target());
    chaos.config().checkBounds(drill.fault());
    if (drill.maxDuration().compareTo(chaos.config().maxDrillDuration()) > 0) {
      throw new IllegalArgumentException("drill '" + drill.name() + "': maxDuration " + drill.maxDuration()
          + " exceeds the config's maxDrillDuration " + chaos.config().maxDrillDuration());
    }
    if (guard.status(drill.target()).isEmpty()) {
      throw new IllegalArgumentException("drill '" + drill.name() + "': target '" + drill.target()
          + "' is not registered with the guard");
    }
    String other = running.get();
    if (other != null || !running.compareAndSet(null, drill.name())) {
      throw new IllegalStateException("drill '" + drill.name() + "' refused: drill '" + running.get()
          + "' is running (one drill at a time)");
    }
  }

  /** Runs a claimed drill and gives the slot back, whatever happens. */
  private DrillReport execute(Drill drill, String requestedBy) {
    try {
      DrillReport report = new DrillRun(guard, chaos, clock, drill, requestedBy, this::publish).execute();
      LOG.info("{}", report.describe());
      return report;
    } finally {
      running.set(null);
    }
  }

  private void publish(DrillEvent event) {
    for (GuardEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("drill listener {} failed on {}: {}", l.getClass().getName(), event.type(), e.toString());
      }
    }
  }

  /** Builds a {@link DrillRunner}; not thread-safe. */
  public static final class Builder {
    private final ProcessGuard guard;
    private final Chaos chaos;
    private DrillClock clock = DrillClock.system();
    private final Map<String, Drill> drills = new LinkedHashMap<>();
    private final List<GuardEventListener> listeners = new ArrayList<>();

    private Builder(ProcessGuard guard, Chaos chaos) {
      this.guard = guard;
      this.chaos = chaos;
    }

    /** Sets how time is read and passed; default {@link DrillClock#system()}. */
    public Builder clock(DrillClock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Registers drills that {@link DrillRunner#run(String, String)} can run by name. */
    public Builder drill(Drill... drills) {
      for (Drill d : drills) {
        if (this.drills.putIfAbsent(d.name(), d) != null) {
          throw new IllegalArgumentException("drill '" + d.name() + "' is already registered");
        }
      }
      return this;
    }

    /** Adds a listener for {@link DrillEvent}s. */
    public Builder listener(GuardEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** Returns the runner. */
    public DrillRunner build() {
      return new DrillRunner(this);
    }
  }
}
