package io.processguard.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, faithful equivalent of Spring Boot actuator's health aggregation, the peer of {@link
 * SnapshotBenchmark}: per request it runs every registered indicator one after another on the
 * calling thread (each through a template that builds a {@code Health} with a details map and
 * turns an exception into DOWN), collects the results into an ordered map and aggregates the
 * statuses by a fixed order, as {@code SimpleStatusAggregator} does. No cache, no timeout, as in
 * Spring Boot's defaults. It leaves out the endpoint and web layers, so it is a lower bound of
 * the real cost.
 */
final class ActuatorLikeHealth {

  /** A health status code. */
  record Status(String code) {
    static final Status UP = new Status("UP");
    static final Status DOWN = new Status("DOWN");
    static final Status OUT_OF_SERVICE = new Status("OUT_OF_SERVICE");
    static final Status UNKNOWN = new Status("UNKNOWN");
  }

  /** One indicator's health. */
  record Health(Status status, Map<String, Object> details) {}

  /** The aggregated health of every indicator. */
  record CompositeHealth(Status status, Map<String, Health> components) {}

  /** An indicator; called on the request thread. */
  @FunctionalInterface
  interface HealthIndicator {
    Health health();
  }

  /** The template of {@code AbstractHealthIndicator}: a builder, a details map, exceptions to DOWN. */
  static HealthIndicator indicator(java.util.function.Consumer<Map<String, Object>> check) {
    return () -> {
      Map<String, Object> details = new LinkedHashMap<>();
      try {
        check.accept(details);
        return new Health(Status.UP, Collections.unmodifiableMap(details));
      } catch (RuntimeException e) {
        details.put("error", e.getClass().getName() + ": " + e.getMessage());
        return new Health(Status.DOWN, Collections.unmodifiableMap(details));
      }
    };
  }

  private static final List<Status> ORDER =
      List.of(Status.DOWN, Status.OUT_OF_SERVICE, Status.UP, Status.UNKNOWN);

  private final Map<String, HealthIndicator> registry = new LinkedHashMap<>();

  void register(String name, HealthIndicator indicator) {
    registry.put(name, indicator);
  }

  /** Handles one health request. */
  CompositeHealth health() {
    Map<String, Health> components = new LinkedHashMap<>();
    List<Status> statuses = new ArrayList<>(registry.size());
    for (Map.Entry<String, HealthIndicator> e : registry.entrySet()) {
      Health h = e.getValue().health();
      components.put(e.getKey(), h);
      statuses.add(h.status());
    }
    Status aggregate = statuses.stream()
        .filter(ORDER::contains)
        .min((a, b) -> Integer.compare(ORDER.indexOf(a), ORDER.indexOf(b)))
        .orElse(Status.UNKNOWN);
    return new CompositeHealth(aggregate, Collections.unmodifiableMap(components));
  }
}
