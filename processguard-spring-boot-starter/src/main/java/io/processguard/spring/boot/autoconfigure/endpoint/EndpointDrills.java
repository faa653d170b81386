package io.processguard.spring.boot.autoconfigure.endpoint;

import static java.util.Objects.requireNonNull;

import io.processguard.chaos.Drill;
import io.processguard.chaos.DrillReport;
import io.processguard.chaos.DrillReports;
import io.processguard.chaos.DrillRunner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drills of the {@code processguard} endpoint: the application's {@link DrillRunner}, one
 * daemon thread ({@code processguard-drill}) that runs what operators start, so a request never
 * waits for a drill, and the latest reports.
 *
 * <p>Thread-safe. {@link #close()} interrupts a running drill (the runner releases its fault)
 * and is idempotent.
 */
public final class EndpointDrills implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointDrills.class);
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** Default number of recent reports kept: 20. */
  public static final int DEFAULT_HISTORY = 20;

  private final DrillRunner runner;
  private final int history;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "processguard-drill");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, DrillReport> last = new ConcurrentHashMap<>();
  private final ArrayDeque<DrillReport> recent = new ArrayDeque<>();

  /** Serves the runner's drills, keeping the latest {@code history} reports. */
  public EndpointDrills(DrillRunner runner, int history) {
    this.runner = requireNonNull(runner, "runner");
    if (history < 1) {
      throw new IllegalArgumentException("history must be >= 1, got " + history);
    }
    this.history = history;
  }

  /** Returns whether a drill with that name is registered. */
  public boolean has(String name) {
    return runner.findDrill(name).isPresent();
  }

  /**
   * Starts a registered drill as {@code operator} on the drill thread and returns at once.
   * Throws {@link IllegalArgumentException} or {@link IllegalStateException} with the runner's
   * message when the drill is refused (not allowed on its target, another one running, ...).
   */
  public void start(String name, String operator) {
    runner.start(name, operator, executor).whenComplete((report, failure) -> {
      if (report != null) {
        keep(report);
      } else {
        LOG.warn("drill '{}' started by {} did not produce a report: {}", name, operator, String.valueOf(failure));
      }
    });
  }

  private synchronized void keep(DrillReport report) {
    last.put(report.drill().name(), report);
    if (recent.size() == history) {
      recent.removeFirst();
    }
    recent.addLast(report);
  }

  /** Returns the latest report of a drill. */
  public Optional<DrillReport> lastReport(String name) {
    return Optional.ofNullable(last.get(name));
  }

  /** Returns the recent reports, oldest first. */
  public synchronized List<DrillReport> recent() {
    return new ArrayList<>(recent);
  }

  /** The {@code drills} section: registered drills, the one running, and recent outcomes with their measures. */
  Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("registered", runner.drills().stream().map(EndpointDrills::drill).toList());
    m.put("running", runner.running().orElse(null));
    m.put("recent", recent().stream().map(EndpointDrills::summary).toList());
    return m;
  }

  /** The latest report of a drill as {@link DrillReports#toJson(DrillReport)} writes it, or null. */
  @Nullable Map<String, Object> reportJson(String name) {
    return lastReport(name).map(r -> MAPPER.readValue(DrillReports.toJson(r), MAP)).orElse(null);
  }

  /** The latest report of a drill as an HTML page, or null. */
  @Nullable String reportHtml(String name) {
    return lastReport(name).map(r -> DrillReports.html(List.of(r))).orElse(null);
  }

  private static Map<String, Object> drill(Drill d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("target", d.target());
    m.put("fault", d.fault().describe());
    m.put("maxDuration", d.maxDuration().toString());
    return m;
  }

  private static Map<String, Object> summary(DrillReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.drill().name());
    m.put("target", r.drill().target());
    m.put("requestedBy", r.requestedBy());
    m.put("startedAt", r.startedAt().toString());
    m.put("endedAt", r.endedAt().toString());
    m.put("outcome", r.outcome().name());
    m.put("reason", r.reason());
    DrillReport.Measures x = r.measures();
    Map<String, Object> measures = new LinkedHashMap<>();
    measures.put("detectedAfter", x.detectedAfter().map(Object::toString).orElse(null));
    measures.put("timeToDetect", x.timeToDetect().map(Object::toString).orElse(null));
    measures.put("timeToEngage", x.timeToEngage().map(Object::toString).orElse(null));
    measures.put("timeToRecover", x.timeToRecover().map(Object::toString).orElse(null));
    measures.put("rto", x.rto().toString());
    measures.put("metRto", x.metRto());
    m.put("measures", measures);
    return m;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
