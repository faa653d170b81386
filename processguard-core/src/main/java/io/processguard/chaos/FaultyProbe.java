package io.processguard.chaos;

import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A probe wrapped so a drill can make its samples fail ({@link Fault#probeFailure}) or report a
 * given value ({@link Fault#probeValue}). Without an active fault it calls the wrapped probe and
 * adds one volatile read. Created by {@link Chaos#probe(String, Probe)}.
 *
 * <p>Thread-safe as far as the wrapped probe is.
 */
public final class FaultyProbe implements Probe {
  private final String name;
  private final Probe delegate;
  private final AtomicReference<@Nullable Armed> armed = new AtomicReference<>();

  private record Armed(Fault fault, String drill) {}

  FaultyProbe(String name, Probe delegate) {
    this.name = name;
    this.delegate = delegate;
  }

  /** Returns the name drills use for this probe. */
  public String name() {
    return name;
  }

  @Override
  public Sample sample() throws Exception {
    Armed a = armed.get();
    if (a == null) {
      return delegate.sample();
    }
    if (a.fault() instanceof Fault.ProbeValue v) {
      Sample real = delegate.sample();
      Map<String, Double> signals = new LinkedHashMap<>(real.signals());
      signals.put(v.signal(), v.value());
      return new Sample(real.status(), signals, real.detail());
    }
    return Sample.failed("chaos: probe '" + name + "' fails (drill '" + a.drill() + "')");
  }

  void arm(Fault fault, String drill) {
    if (!armed.compareAndSet(null, new Armed(fault, drill))) {
      throw new IllegalStateException("probe '" + name + "' already has a fault armed");
    }
  }

  void disarm() {
    armed.set(null);
  }
}
