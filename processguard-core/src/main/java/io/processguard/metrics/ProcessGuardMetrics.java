package io.processguard.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.processguard.ProcessGuard;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.metrics.ProcessGuardMeters.TagKey;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.Target;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes a guard's state and activity as Micrometer meters (listed in {@link
 * ProcessGuardMeters}), by observing its events: the engine itself makes no metrics call
 * (Resilience4j's {@code TaggedCircuitBreakerMetrics} works the same way).
 *
 * <pre>{@code
 * ProcessGuardMetrics.monitor(guard, registry);   // listener + binder in one call
 * }</pre>
 *
 * <p>Drill events come from a {@code DrillRunner}, not from the guard: add the same binder as the
 * runner's listener ({@code runner.addListener(metrics)}) to count drills.
 *
 * <p>The snapshot supplier is read only to learn a target's tier and its state when it is first
 * seen; from then on, events keep the gauges current. Counters and timers are registered once
 * per tag combination and kept; gauges hold strong references. Thread-safe: events arrive on the
 * scheduler thread, {@link #bindTo} may be called from any thread and for several registries.
 */
public final class ProcessGuardMetrics implements GuardEventListener, MeterBinder, io.processguard.probe.ProbeObserver {

  private static final ClassValue<String> KINDS = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return snake(type.getSimpleName());
    }
  };

  private final Supplier<HealthSnapshot> snapshots;
  private final Map<String, TargetGauges> targets = new ConcurrentHashMap<>();
  private final Map<Key, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final List<Bound> registries = new CopyOnWriteArrayList<>();
  private final OperationsMeters operations = new OperationsMeters(new Sink());

  private ProcessGuardMetrics(Supplier<HealthSnapshot> snapshots) {
    this.snapshots = snapshots;
    operations.registerFixed();
  }

  /**
   * Creates meters fed by the events this listener receives; {@code snapshots} tells the tier
   * and first state of each target. Add it to the guard as a listener, then bind it.
   */
  public static ProcessGuardMetrics of(Supplier<HealthSnapshot> snapshots) {
    return new ProcessGuardMetrics(requireNonNull(snapshots, "snapshots"));
  }

  /** Creates the meters for a guard, adds them as its listener and binds them to the registry. */
  public static ProcessGuardMetrics monitor(ProcessGuard guard, MeterRegistry registry) {
    requireNonNull(guard, "guard");
    ProcessGuardMetrics metrics = of(guard::snapshot);
    guard.addListener(metrics);
    guard.addProbeObserver(metrics);
    metrics.bindTo(registry);
    return metrics;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    for (TargetStatus status : snapshots.get().inventory()) {
      track(status.target().name());
    }
    Bound bound = new Bound(registry);
    synchronized (this) {
      registries.add(bound);
      targets.values().forEach(bound::register);
      gauges.forEach((key, value) -> bound.gauge(key.meter(), key.tags(), value));
    }
  }

  @Override
  public void onEvent(GuardEvent event) {
    if (event instanceof TargetEvent.StateChanged e) {
      track(e.target()).state = e.to();
    } else if (event instanceof RecoveryEvent.ReadinessChanged e) {
      track(e.target()).ready = e.ready();
    } else if (event instanceof TargetEvent.ConditionBreached e) {
      track(e.target());
      Tags tags = Tags.of(TagKey.TARGET.key(), e.target(), TagKey.CONDITION.key(), e.condition());
      count(ProcessGuardMeters.CONDITION_BREACHES, tags.and(TagKey.SEVERITY.key(), lower(e.severity().name())));
      time(ProcessGuardMeters.INCIDENT_DETECT, tags, e.timeToDetect());
    } else if (event instanceof TargetEvent.ProbeFailed e) {
      count(ProcessGuardMeters.PROBE_FAILURES, Tags.of(TagKey.TARGET.key(), e.target(),
          TagKey.PROBE.key(), e.probe(), TagKey.STATUS.key(), lower(e.status().name())));
    } else {
      onRecoveryEvent(event);
    }
  }

  private void onRecoveryEvent(GuardEvent event) {
    if (event instanceof RecoveryEvent.DecisionMade e) {
      count(ProcessGuardMeters.DECISIONS, Tags.of(TagKey.TARGET.key(), e.target(),
          TagKey.KIND.key(), KINDS.get(e.record().decision().getClass()),
          TagKey.MODE.key(), e.record().dryRun() ? "dry-run" : "enforce"));
    } else if (event instanceof RecoveryEvent.ActionCompleted e) {
      count(ProcessGuardMeters.ACTIONS, Tags.of(TagKey.TARGET.key(), e.target(),
          TagKey.TYPE.key(), lower(e.action().type().name()), TagKey.OUTCOME.key(), lower(e.outcome().name())));
    } else if (event instanceof RecoveryEvent.IncidentRecovered e) {
      Optional<Duration> took = e.incident().timeToRecover();
      took.ifPresent(d -> time(ProcessGuardMeters.INCIDENT_RECOVER,
          Tags.of(TagKey.TARGET.key(), e.target(), TagKey.CONDITION.key(), e.incident().condition()), d));
    } else if (event instanceof RecoveryEvent.Escalated e) {
      count(ProcessGuardMeters.ESCALATIONS, Tags.of(TagKey.TARGET.key(), e.target()));
    } else if (event instanceof RecoveryEvent.Quarantined e) {
      count(ProcessGuardMeters.QUARANTINES, Tags.of(TagKey.TARGET.key(), e.target()));
    } else if (event instanceof RecoveryEvent.QuarantineReset e) {
      count(ProcessGuardMeters.QUARANTINE_RESETS, Tags.of(TagKey.TARGET.key(), e.target()));
    } else {
      operations.onEvent(event);
    }
  }

  /**
   * Records one probe run's duration. Looks the timers up in a two-level map so that a sample
   * allocates nothing once its timers exist.
   */
  @Override
  public void onProbeRun(String target, String probe, long durationNanos, io.processguard.probe.SampleStatus status) {
    for (Bound b : registries) {
      b.probeTimer(target, probe).record(durationNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private TargetGauges track(String target) {
    TargetGauges known = targets.get(target);
    return known != null ? known : register(target);
  }

  private synchronized TargetGauges register(String target) {
    TargetGauges known = targets.get(target);
    if (known != null) {
      return known;
    }
    Optional<TargetStatus> status = snapshots.get().find(target);
    String tier = status.map(s -> lower(s.target().tier().name())).orElse(lower(Target.DEFAULT_TIER.name()));
    TargetGauges gauges = new TargetGauges(target, tier);
    status.ifPresent(s -> {
      gauges.state = s.state();
      gauges.ready = s.ready();
    });
    targets.put(target, gauges);
    registries.forEach(b -> b.register(gauges));
    return gauges;
  }

  private void count(ProcessGuardMeters meter, Tags tags) {
    for (Bound b : registries) {
      b.counter(meter, tags).increment();
    }
  }

  private AtomicLong gauge(ProcessGuardMeters meter, Tags tags) {
    Key key = new Key(meter, tags);
    AtomicLong known = gauges.get(key);
    return known != null ? known : registerGauge(key);
  }

  private synchronized AtomicLong registerGauge(Key key) {
    AtomicLong known = gauges.get(key);
    if (known != null) {
      return known;
    }
    AtomicLong value = new AtomicLong();
    gauges.put(key, value);
    registries.forEach(b -> b.gauge(key.meter(), key.tags(), value));
    return value;
  }

  private void time(ProcessGuardMeters meter, Tags tags, Duration took) {
    for (Bound b : registries) {
      b.timer(meter, tags).record(took);
    }
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('_');
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /** Lets {@link OperationsMeters} record into every bound registry. */
  private final class Sink implements OperationsMeters.Sink {
    @Override
    public void count(ProcessGuardMeters meter, Tags tags, double amount) {
      for (Bound b : registries) {
        b.counter(meter, tags).increment(amount);
      }
    }

    @Override
    public void time(ProcessGuardMeters meter, Tags tags, Duration took) {
      ProcessGuardMetrics.this.time(meter, tags, took);
    }

    @Override
    public AtomicLong gauge(ProcessGuardMeters meter, Tags tags) {
      return ProcessGuardMetrics.this.gauge(meter, tags);
    }
  }

  /** The live values behind one target's gauges. */
  private static final class TargetGauges {
    final String target;
    final String tier;
    volatile TargetState state = TargetState.UNKNOWN;
    volatile boolean ready = true;

    TargetGauges(String target, String tier) {
      this.target = target;
      this.tier = tier;
    }
  }

  /** One registry with the counters and timers already registered in it, by meter and tags. */
  private static final class Bound {
    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    Bound(MeterRegistry registry) {
      this.registry = registry;
    }

    void register(TargetGauges t) {
      Tags tags = Tags.of(TagKey.TARGET.key(), t.target, TagKey.TIER.key(), t.tier);
      for (TargetState s : TargetState.values()) {
        Gauge.builder(ProcessGuardMeters.TARGET_STATE.meterName(), t, g -> g.state == s ? 1 : 0)
            .description(ProcessGuardMeters.TARGET_STATE.description())
            .tags(tags.and(TagKey.STATE.key(), lower(s.name())))
            .strongReference(true)
            .register(registry);
      }
      Gauge.builder(ProcessGuardMeters.TARGET_READY.meterName(), t, g -> g.ready ? 1 : 0)
          .description(ProcessGuardMeters.TARGET_READY.description())
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }

    void gauge(ProcessGuardMeters meter, Tags tags, AtomicLong value) {
      Gauge.builder(meter.meterName(), value, AtomicLong::doubleValue)
          .description(meter.description())
          .baseUnit(meter.baseUnit())
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }

    Counter counter(ProcessGuardMeters meter, Tags tags) {
      return counters.computeIfAbsent(new Key(meter, tags), k -> Counter.builder(meter.meterName())
          .description(meter.description())
          .baseUnit(meter.baseUnit())
          .tags(tags)
          .register(registry));
    }

    private final Map<String, Map<String, Timer>> probeTimers = new ConcurrentHashMap<>();

    Timer probeTimer(String target, String probe) {
      Map<String, Timer> byProbe = probeTimers.get(target);
      Timer t = byProbe == null ? null : byProbe.get(probe);
      if (t != null) {
        return t;
      }
      return probeTimers.computeIfAbsent(target, k -> new ConcurrentHashMap<>()).computeIfAbsent(probe,
          k -> timer(ProcessGuardMeters.PROBE_DURATION, Tags.of(TagKey.TARGET.key(), target, TagKey.PROBE.key(), probe)));
    }

    Timer timer(ProcessGuardMeters meter, Tags tags) {
      return timers.computeIfAbsent(new Key(meter, tags), k -> Timer.builder(meter.meterName())
          .description(meter.description())
          .tags(tags)
          .register(registry));
    }
  }

  private record Key(ProcessGuardMeters meter, Tags tags) {}
}
