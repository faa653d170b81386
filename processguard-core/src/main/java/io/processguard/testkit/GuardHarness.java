package io.processguard.testkit;

import static java.util.Objects.requireNonNull;

import io.processguard.ProcessGuard;
import io.processguard.event.GuardEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A real ProcessGuard on virtual time, for unit tests: {@link #advance(Duration) advance(1 h)}
 * runs every probe tick, debounce window, backoff, verification window and timeout in between,
 * in order, on the test's thread, in milliseconds of real time.
 *
 * <pre>{@code
 * try (GuardHarness h = GuardHarness.create()) {
 *   FakeRestartable workers = h.restartable("checkout-workers");
 *   h.start(b -> b.target(spec).policy(policy));
 *   h.advance(Duration.ofHours(1));
 *   h.assertThat("checkout").wasRestarted(3).escalatedOnce();
 * }
 * }</pre>
 *
 * <p>The guard is the production engine, configured for determinism: probes and notifications
 * run on the calling thread, jitter is zero, there is no scheduler thread. Restarts and custom
 * actions run on harness threads; before virtual time moves on, the harness waits for each to
 * finish, unless it is a fake told to hang, which the guard's action timeout then interrupts in
 * virtual time. Not thread-safe: drive it from one test thread.
 */
public final class GuardHarness implements AutoCloseable {
  private static final int MAX_CYCLES_AT_ONE_INSTANT = 10_000;

  private final VirtualTime time = new VirtualTime();
  private final HarnessExecutor actions = new HarnessExecutor();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final ProcessGuard.Builder builder;
  private @Nullable ProcessGuard guard;

  private GuardHarness() {
    this.builder = ProcessGuard.builder()
        .ticker(time)
        .clock(time)
        .probeExecutor(Runnable::run)
        .actionExecutor(actions)
        .directAlerts(true)
        .probeJitter(0)
        .schedulerThread(false)
        .logEvents(false)
        .listener(events::add);
  }

  /** Creates a harness with its virtual time at zero. */
  public static GuardHarness create() {
    return new GuardHarness();
  }

  /** Returns the virtual time (ticker and clock). */
  public VirtualTime time() {
    return time;
  }

  /** Returns the builder of the guard under test, already set up for virtual time. */
  public ProcessGuard.Builder builder() {
    checkNotStarted();
    return builder;
  }

  /** Registers and returns a fake restartable under {@code name}. */
  public FakeRestartable restartable(String name) {
    FakeRestartable fake = new FakeRestartable(name, this);
    if (guard == null) {
      builder.restartable(name, fake);
    } else {
      guard.registerRestartable(name, fake);
    }
    return fake;
  }

  /** Registers and returns a fake notifier under {@code name}. */
  public FakeNotifier notifier(String name) {
    FakeNotifier fake = new FakeNotifier(name, this);
    if (guard == null) {
      builder.notifier(name, fake);
    } else {
      guard.registerNotifier(name, fake);
    }
    return fake;
  }

  /** Registers and returns a fake custom action under {@code name}. */
  public FakeAction action(String name) {
    FakeAction fake = new FakeAction(name, this);
    if (guard == null) {
      builder.action(name, fake);
    } else {
      guard.registerAction(name, fake);
    }
    return fake;
  }

  /** Registers and returns a fake failover with a primary and its standbys; needs the failover grant. */
  public FakeFailover failover(String name, String primary, String... standbys) {
    FakeFailover fake = new FakeFailover(name, this, primary, java.util.List.of(standbys));
    if (guard == null) {
      builder.failover(name, fake);
    } else {
      guard.registerFailover(name, fake);
    }
    return fake;
  }

  /** Returns a fake scalable (not registered: scaling controllers take their scalable directly). */
  public FakeScalable scalable(String name, int initial, int min, int max) {
    return new FakeScalable(name, this, initial, min, max);
  }

  /** Returns a fake requeuer for a job watchdog. */
  public <J> FakeRequeuer<J> requeuer(String name) {
    return new FakeRequeuer<>(name, this);
  }

  /** Builds the guard from the builder and runs its first cycle at virtual time zero. */
  public ProcessGuard start() {
    checkNotStarted();
    guard = builder.build().start();
    settle();
    return guard;
  }

  /** Configures the builder, then {@link #start()}s. */
  public ProcessGuard start(UnaryOperator<ProcessGuard.Builder> configure) {
    requireNonNull(configure, "configure").apply(builder());
    return start();
  }

  /** Returns the started guard. */
  public ProcessGuard guard() {
    if (guard == null) {
      throw new IllegalStateException("the harness is not started: call start() first");
    }
    return guard;
  }

  /**
   * Moves virtual time forward by {@code d}, running every cycle the guard has work for on the
   * way, each at its exact virtual instant.
   */
  public void advance(Duration d) {
    ProcessGuard g = guard();
    if (d.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative duration, got " + d);
    }
    long end = time.read() + d.toNanos();
    settle();
    int atSameInstant = 0;
    while (true) {
      long next = g.nextWakeNanos();
      if (next > end) {
        break;
      }
      if (next <= time.read()) {
        if (++atSameInstant > MAX_CYCLES_AT_ONE_INSTANT) {
          throw new IllegalStateException("the guard makes no progress at " + time.elapsed() + "\n" + timeline());
        }
      } else {
        atSameInstant = 0;
      }
      time.moveTo(next);
      settle();
    }
    time.moveTo(end);
    settle();
  }

  private void settle() {
    ProcessGuard g = guard();
    for (int i = 0; i < MAX_CYCLES_AT_ONE_INSTANT; i++) {
      long finishedBefore = actions.finished();
      g.tick();
      if (!actions.busy() && actions.finished() == finishedBefore) {
        return;
      }
      try {
        actions.awaitSettled();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for actions to finish", e);
      }
    }
    throw new IllegalStateException("actions keep finishing at " + time.elapsed() + "\n" + timeline());
  }

  void hang(String component) throws InterruptedException {
    actions.hang(component);
  }

  /** Returns every event so far, oldest first. */
  public List<GuardEvent> events() {
    return List.copyOf(events);
  }

  /** Returns the events of one type, oldest first. */
  public <T extends GuardEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Returns the events as a readable timeline, one per line, with virtual times. */
  public String timeline() {
    return events.stream().map(e -> Timelines.line(e)).collect(Collectors.joining("\n"));
  }

  /** Starts assertions about a target, read like its policy. */
  public TargetAssert assertThat(String target) {
    return new TargetAssert(this, target);
  }

  /** Starts assertions about a fake notifier. */
  public NotifierAssert assertThat(FakeNotifier notifier) {
    return new NotifierAssert(this, notifier);
  }

  private void checkNotStarted() {
    if (guard != null) {
      throw new IllegalStateException("the harness is already started");
    }
  }

  /** Closes the guard and the harness's threads. */
  @Override
  public void close() {
    if (guard != null) {
      guard.close();
    }
    actions.close();
  }
}
