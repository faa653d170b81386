package io.processguard.event;

import static java.util.Objects.requireNonNull;

import io.processguard.policy.ActionSpec;
import io.processguard.policy.DecisionRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs every event once through SLF4J 2 with key-value pairs named after the Elastic Common
 * Schema, so a JSON encoder (logstash-logback-encoder, Log4j's JSON template layout, ECS
 * logging) yields searchable fields. The keys, in this order, each present only when the event
 * has a value for it:
 *
 * <ul>
 *   <li>{@value #ACTION}: the event's {@link GuardEvent#type() type}, such as {@code condition.breached};
 *   <li>{@value #KIND}: {@code alert} (a breach, an escalation, a spent budget, a missed
 *       heartbeat, a stuck job), {@code state} (a state, readiness or backpressure change) or
 *       {@code event};
 *   <li>{@value #OUTCOME}: {@code success}, {@code failure} or {@code unknown}, where meaningful;
 *   <li>{@value #TARGET}, {@value #TIER} (when a tier lookup is given), {@value #INCIDENT},
 *       {@value #CONDITION}, {@value #POLICY}, {@value #APPROVAL}, {@value #ACTION_NAME}, and
 *       {@value #REASON} (the event's explanation).
 * </ul>
 *
 * <p>Levels follow the meaning: WARN for breaches, failures, escalations, spent budgets, stuck
 * and dead-lettered jobs, missed heartbeats, refused or expired approvals, rejected or rolled
 * back policies; DEBUG for a probe failure after the first in a row; INFO otherwise.
 *
 * <p>Events are records of ProcessGuard's packages; this listener reads them by their component
 * names ({@code incidentId}, {@code condition}, {@code policy}, {@code reason}, and the nested
 * {@code record}, {@code request} and {@code incident}), so it needs no dependency on each
 * family. Thread-safe; nothing is computed for a level the logger does not log.
 */
public final class LoggingEventListener implements GuardEventListener {

  /** The logger name used by default: {@value}. */
  public static final String LOGGER_NAME = "io.processguard.events";

  /** ECS {@code event.action}: the event's type. */
  public static final String ACTION = "event.action";
  /** ECS {@code event.kind}: {@code alert}, {@code state} or {@code event}. */
  public static final String KIND = "event.kind";
  /** ECS {@code event.outcome}: {@code success}, {@code failure} or {@code unknown}. */
  public static final String OUTCOME = "event.outcome";
  /** ECS {@code event.reason}: the event's explanation in words. */
  public static final String REASON = "event.reason";
  /** The target's name. */
  public static final String TARGET = "processguard.target";
  /** The target's tier, lowercase. */
  public static final String TIER = "processguard.tier";
  /** The incident's id. */
  public static final String INCIDENT = "processguard.incident.id";
  /** The watched condition's name. */
  public static final String CONDITION = "processguard.condition";
  /** The policy's name. */
  public static final String POLICY = "processguard.policy";
  /** The approval request's id. */
  public static final String APPROVAL = "processguard.approval.id";
  /** The recovery action (or the actions an approval would run), in words. */
  public static final String ACTION_NAME = "processguard.action";

  private static final List<String> ORDER =
      List.of(TARGET, TIER, INCIDENT, CONDITION, POLICY, APPROVAL, ACTION_NAME, REASON);
  private static final Shape DEFAULT_SHAPE = new Shape("event", null, Level.INFO);
  private static final Map<String, Shape> SHAPES = shapes();
  private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
    @Override
    protected RecordComponent[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      return components == null ? new RecordComponent[0] : components;
    }
  };

  private final Logger logger;
  private final Function<String, Optional<String>> tiers;

  /** Creates a listener logging to {@value #LOGGER_NAME}, without tiers. */
  public LoggingEventListener() {
    this(LoggerFactory.getLogger(LOGGER_NAME), target -> Optional.empty());
  }

  /**
   * Creates a listener logging to {@code logger}; {@code tiers} returns a target's tier (such as
   * {@code critical}) or empty. It is called on the listener's thread and must be quick.
   */
  public LoggingEventListener(Logger logger, Function<String, Optional<String>> tiers) {
    this.logger = requireNonNull(logger, "logger");
    this.tiers = requireNonNull(tiers, "tiers");
  }

  @Override
  public void onEvent(GuardEvent event) {
    Level level = level(event);
    if (!logger.isEnabledForLevel(level)) {
      return;
    }
    Map<String, Object> fields = fields(event);
    LoggingEventBuilder builder = logger.atLevel(level).setMessage(message(event, fields));
    fields.forEach(builder::addKeyValue);
    builder.log();
  }

  /** Returns the level the event is logged at. */
  public static Level level(GuardEvent event) {
    Level level = shape(event).level();
    if ("probe.failed".equals(event.type()) && component(event, "consecutive") instanceof Integer n && n > 1) {
      return Level.DEBUG;
    }
    return level;
  }

  /** Returns the key-value pairs logged with the event, in the documented order. */
  public Map<String, Object> fields(GuardEvent event) {
    Shape shape = shape(event);
    Map<String, Object> found = new LinkedHashMap<>();
    if (!event.target().isBlank()) {
      found.put(TARGET, event.target());
      tiers.apply(event.target()).ifPresent(t -> found.put(TIER, t));
    }
    read(event, found);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(ACTION, event.type());
    fields.put(KIND, shape.kind());
    if (shape.outcome() != null) {
      fields.put(OUTCOME, shape.outcome());
    }
    for (String key : ORDER) {
      Object value = found.get(key);
      if (value != null) {
        fields.put(key, value);
      }
    }
    return fields;
  }

  private static String message(GuardEvent event, Map<String, Object> fields) {
    Object reason = fields.get(REASON);
    // A target may bind several probes: a probe's event says which one.
    Object probe = event.type().startsWith("probe.") ? component(event, "probe") : null;
    String which = probe instanceof String p && !p.isBlank() ? ", probe " + p : "";
    String where = event.target().isBlank() ? "" : " [" + event.target() + which + "]";
    return event.type() + where + ": " + (reason != null ? reason : summary(event));
  }

  /** Simple components as {@code name=value}, leaving out stacks, maps and nested records. */
  private static String summary(GuardEvent event) {
    StringJoiner joiner = new StringJoiner(", ");
    for (RecordComponent c : COMPONENTS.get(event.getClass())) {
      Object value = value(c, event);
      if (!"timestamp".equals(c.getName()) && !"target".equals(c.getName()) && simple(value)) {
        joiner.add(c.getName() + "=" + value);
      }
    }
    return joiner.toString();
  }

  private static boolean simple(@Nullable Object value) {
    return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
        || value instanceof Enum<?> || value instanceof Duration;
  }

  /** Reads the source's own components first, then the nested records, so the event's own values win. */
  private static void read(Object source, Map<String, Object> into) {
    List<Runnable> nested = new ArrayList<>();
    for (RecordComponent c : COMPONENTS.get(source.getClass())) {
      Object value = value(c, source);
      if (value != null) {
        read(c.getName(), value, into, nested);
      }
    }
    nested.forEach(Runnable::run);
  }

  private static void read(String name, Object value, Map<String, Object> into, List<Runnable> nested) {
    switch (name) {
      case "incidentId":
        putText(into, INCIDENT, value);
        break;
      case "condition":
        putText(into, CONDITION, value);
        break;
      case "policy":
        putText(into, POLICY, value);
        break;
      case "reason":
        putText(into, REASON, value);
        break;
      case "action":
        if (value instanceof ActionSpec a) {
          into.putIfAbsent(ACTION_NAME, a.describe());
        }
        break;
      case "actions":
        if (value instanceof List<?> list && !list.isEmpty()) {
          into.putIfAbsent(ACTION_NAME, String.join(" + ", list.stream().map(String::valueOf).toList()));
        }
        break;
      case "record":
      case "evidence":
        nested.add(() -> {
          nested(value, into);
          if (value instanceof DecisionRecord d) {
            into.putIfAbsent(REASON, d.explain());
          }
        });
        break;
      case "request":
        putId(value, APPROVAL, into);
        nested.add(() -> nested(value, into));
        break;
      case "incident":
        putId(value, INCIDENT, into);
        nested.add(() -> nested(value, into));
        break;
      default:
        break;
    }
  }

  private static void nested(Object value, Map<String, Object> into) {
    if (value.getClass().isRecord()) {
      read(value, into);
    }
  }

  private static void putId(Object value, String key, Map<String, Object> into) {
    Object id = component(value, "id");
    if (id != null) {
      putText(into, key, id);
    }
  }

  private static void putText(Map<String, Object> into, String key, Object value) {
    if (value instanceof String s && !s.isBlank()) {
      into.putIfAbsent(key, s);
    }
  }

  private static @Nullable Object component(Object source, String name) {
    for (RecordComponent c : COMPONENTS.get(source.getClass())) {
      if (c.getName().equals(name)) {
        return value(c, source);
      }
    }
    return null;
  }

  private static @Nullable Object value(RecordComponent c, Object source) {
    try {
      return c.getAccessor().invoke(source);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static Shape shape(GuardEvent event) {
    return SHAPES.getOrDefault(event.type(), DEFAULT_SHAPE);
  }

  private static Map<String, Shape> shapes() {
    Map<String, Shape> m = new LinkedHashMap<>();
    List<String[]> rows = new ArrayList<>();
    // type, kind, outcome ("" for none), level
    rows.add(new String[] {"target.state", "state", "", "INFO"});
    rows.add(new String[] {"target.readiness", "state", "", "INFO"});
    rows.add(new String[] {"condition.breached", "alert", "", "WARN"});
    rows.add(new String[] {"condition.cleared", "event", "success", "INFO"});
    rows.add(new String[] {"probe.failed", "event", "failure", "WARN"});
    rows.add(new String[] {"probe.recovered", "event", "success", "INFO"});
    rows.add(new String[] {"recovery.action.started", "event", "unknown", "INFO"});
    rows.add(new String[] {"recovery.action.succeeded", "event", "success", "INFO"});
    rows.add(new String[] {"recovery.action.failed", "event", "failure", "WARN"});
    rows.add(new String[] {"recovery.escalated", "alert", "failure", "WARN"});
    rows.add(new String[] {"recovery.budget.exhausted", "alert", "failure", "WARN"});
    rows.add(new String[] {"incident.recovered", "event", "success", "INFO"});
    rows.add(new String[] {"watchdog.heartbeat.missed", "alert", "failure", "WARN"});
    rows.add(new String[] {"watchdog.heartbeat.resumed", "event", "success", "INFO"});
    rows.add(new String[] {"watchdog.job.stuck", "alert", "failure", "WARN"});
    rows.add(new String[] {"watchdog.job.requeued", "event", "success", "INFO"});
    rows.add(new String[] {"watchdog.job.dead_lettered", "event", "failure", "WARN"});
    rows.add(new String[] {"scale.scaled", "event", "success", "INFO"});
    rows.add(new String[] {"scale.failed", "event", "failure", "WARN"});
    rows.add(new String[] {"scale.budget.exhausted", "alert", "failure", "WARN"});
    rows.add(new String[] {"scale.backpressure.engaged", "state", "", "INFO"});
    rows.add(new String[] {"scale.backpressure.released", "state", "", "INFO"});
    rows.add(new String[] {"approval.requested", "event", "unknown", "INFO"});
    rows.add(new String[] {"approval.approved", "event", "success", "INFO"});
    rows.add(new String[] {"approval.denied", "event", "failure", "INFO"});
    rows.add(new String[] {"approval.expired", "event", "failure", "WARN"});
    rows.add(new String[] {"approval.refused", "event", "failure", "WARN"});
    rows.add(new String[] {"alert.delivered", "event", "success", "INFO"});
    rows.add(new String[] {"alert.retried", "event", "unknown", "INFO"});
    rows.add(new String[] {"alert.failed", "event", "failure", "WARN"});
    rows.add(new String[] {"policy.loaded", "event", "success", "INFO"});
    rows.add(new String[] {"policy.rejected", "event", "failure", "WARN"});
    rows.add(new String[] {"policy.rolled_back", "event", "success", "WARN"});
    for (String[] r : rows) {
      m.put(r[0], new Shape(r[1], r[2].isEmpty() ? null : r[2], Level.valueOf(r[3])));
    }
    return Map.copyOf(m);
  }

  /** How an event type is classified. */
  private record Shape(String kind, @Nullable String outcome, Level level) {}
}
