package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import io.processguard.probe.Probe;
import io.processguard.recovery.Restartable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos of one process: its {@link ChaosConfig}, the wrappers the application installs once
 * ({@link #point chaos points}, {@link #probe faulty probes}, {@link #component chaos components}),
 * and the registry of faults active now. Faults are injected only by a {@link DrillRunner}, only on
 * allowed targets, and each is released when its drill ends; {@link #close()} releases any left.
 *
 * <p>Thread-safe. Idle wrappers cost one volatile read.
 */
public final class Chaos implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Chaos.class);

  private final ChaosConfig config;
  private final Sleeper sleeper;
  private final Map<String, ChaosPoint> points = new ConcurrentHashMap<>();
  private final Map<String, FaultyProbe> probes = new ConcurrentHashMap<>();
  private final Map<String, ChaosComponent> components = new ConcurrentHashMap<>();
  private final Map<Long, Live> active = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** How a latency fault waits; real time by default, a recording fake in tests. */
  @FunctionalInterface
  public interface Sleeper {
    /** Blocks for {@code d} or until interrupted. */
    void sleep(Duration d) throws InterruptedException;
  }

  private Chaos(ChaosConfig config, Sleeper sleeper) {
    this.config = requireNonNull(config, "config");
    this.sleeper = requireNonNull(sleeper, "sleeper");
  }

  /** Creates the chaos of a process with this config; latency sleeps in real time. */
  public static Chaos create(ChaosConfig config) {
    return new Chaos(config, d -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(d.toNanos()));
  }

  /** Creates the chaos of a process with this config and this way of sleeping. */
  public static Chaos create(ChaosConfig config, Sleeper sleeper) {
    return new Chaos(config, sleeper);
  }

  /** Returns the config. */
  public ChaosConfig config() {
    return config;
  }

  /** Returns the chaos point with this name, creating it on first use. */
  public ChaosPoint point(String name) {
    return points.computeIfAbsent(Checks.name("point", name), ChaosPoint::new);
  }

  /** Wraps a probe so drills can fault it under {@code name}; bind the returned probe to the target. */
  public FaultyProbe probe(String name, Probe probe) {
    requireNonNull(probe, "probe");
    FaultyProbe wrapped = new FaultyProbe(Checks.name("probe", name), probe);
    if (probes.putIfAbsent(name, wrapped) != null) {
      throw new IllegalArgumentException("faulty probe '" + name + "' is already registered");
    }
    return wrapped;
  }

  /** Wraps a component so drills can stop it under {@code name}; register the returned wrapper with the guard. */
  public ChaosComponent component(String name, Restartable component) {
    requireNonNull(component, "component");
    ChaosComponent wrapped = new ChaosComponent(Checks.name("component", name), component);
    if (components.putIfAbsent(name, wrapped) != null) {
      throw new IllegalArgumentException("chaos component '" + name + "' is already registered");
    }
    return wrapped;
  }

  /** Returns the faults injected now, oldest first: empty whenever no drill runs. */
  public List<ActiveFault> activeFaults() {
    return active.values().stream().map(Live::info).sorted(Comparator.comparingLong(ActiveFault::id)).toList();
  }

  /** Returns the bytes held by leaks at chaos points now. */
  public long leakedBytes() {
    return active.values().stream().mapToLong(Live::heldBytes).sum();
  }

  /**
   * Injects a fault for a drill, after checking the target is allowed and the fault is within
   * bounds. Package-private on purpose: only a {@link DrillRunner} injects.
   */
  Live inject(String drill, String target, Fault fault, Instant at) throws Exception {
    config.checkAllowed(target);
    config.checkBounds(fault);
    Live live = new Live(new ActiveFault(ids.incrementAndGet(), drill, target, fault.describe(), at));
    arm(live, fault, drill);
    active.put(live.info.id(), live);
    LOG.info("chaos: drill '{}' injected on '{}': {}", drill, target, fault.describe());
    return live;
  }

  private void arm(Live live, Fault fault, String drill) throws Exception {
    if (fault instanceof Fault.ProbeFailure || fault instanceof Fault.ProbeValue) {
      FaultyProbe p = find(probes, probeName(fault), "faulty probe", "chaos.probe");
      p.arm(fault, drill);
      live.releaser = p::disarm;
    } else if (fault instanceof Fault.StoppedComponent s) {
      ChaosComponent c = find(components, s.component(), "chaos component", "chaos.component");
      c.chaosStop();
      live.releaser = c::chaosRestore;
    } else if (fault instanceof Fault.CpuBurn c) {
      CpuBurner burner = new CpuBurner(c, drill);
      live.releaser = burner::stop;
    } else if (fault instanceof Fault.Custom c) {
      c.inject().run();
      live.releaser = c.release()::run;
    } else {
      armPoint(live, fault, drill);
    }
  }

  private void armPoint(Live live, Fault fault, String drill) {
    String point = pointName(fault);
    if (point.isEmpty()) {
      Fault.MemoryLeak m = (Fault.MemoryLeak) fault;
      long chunk = Math.min(m.maxBytes(), 1024L * 1024);
      PointFault whole = new PointFault(Fault.memoryLeak("-", m.maxBytes(), chunk), drill, sleeper,
          config.maxDrillDuration());
      live.pointFault = whole;
      for (long held = 0; held + chunk <= m.maxBytes(); held += chunk) {
        whole.leak();
      }
      live.releaser = whole::release;
      return;
    }
    PointFault pf = new PointFault(fault, drill, sleeper, config.maxDrillDuration());
    live.pointFault = pf;
    ChaosPoint p = point(point);
    p.arm(pf);
    live.releaser = () -> {
      p.disarm(pf);
      pf.release();
    };
  }

  private static String pointName(Fault fault) {
    if (fault instanceof Fault.Latency l) {
      return l.point();
    }
    if (fault instanceof Fault.Failure f) {
      return f.point();
    }
    if (fault instanceof Fault.Hang h) {
      return h.point();
    }
    return ((Fault.MemoryLeak) fault).point();
  }

  private static String probeName(Fault fault) {
    return fault instanceof Fault.ProbeFailure f ? f.probe() : ((Fault.ProbeValue) fault).probe();
  }

  private static <T> T find(Map<String, T> registry, String name, String what, String how) {
    T found = registry.get(name);
    if (found == null) {
      throw new IllegalArgumentException(what + " '" + name + "' is not registered (registered: "
          + registry.keySet().stream().sorted().toList() + "): wrap it once with " + how + "(\"" + name + "\", ...)");
    }
    return found;
  }

  /** Releases every active fault; idempotent. Returns how many were released. */
  public int releaseAll() {
    List<Live> all = new ArrayList<>(active.values());
    all.forEach(Live::release);
    return all.size();
  }

  /** Releases every active fault; idempotent. */
  @Override
  public void close() {
    releaseAll();
  }

  /** One injected fault and the way to undo it; {@link #release()} is idempotent and never throws. */
  final class Live {
    private final ActiveFault info;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Undo releaser = () -> { };
    private volatile @Nullable PointFault pointFault;

    Live(ActiveFault info) {
      this.info = info;
    }

    ActiveFault info() {
      return info;
    }

    long heldBytes() {
      PointFault pf = pointFault;
      return pf == null ? 0 : pf.heldBytes();
    }

    /** Undoes the fault and drops it from the registry; a failure to undo is logged, not thrown. */
    void release() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      try {
        releaser.undo();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("chaos: drill '{}' interrupted while releasing {}", info.drill(), info.fault());
      } catch (Exception e) {
        LOG.warn("chaos: drill '{}' could not fully release {}: {}", info.drill(), info.fault(), e.toString());
      } finally {
        active.remove(info.id());
        LOG.info("chaos: drill '{}' released on '{}': {}", info.drill(), info.target(), info.fault());
      }
    }
  }

  /** Undoes one fault. */
  @FunctionalInterface
  interface Undo {
    void undo() throws Exception;
  }
}
