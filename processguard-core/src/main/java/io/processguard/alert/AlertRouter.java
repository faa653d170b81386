package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEventListener;
import io.processguard.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes notifications from the recovery engine to on-call channels: holds transient breaches
 * back, de-duplicates, groups, silences, inhibits, reminds, and hands what is left to each routed
 * channel's asynchronous outbox.
 *
 * <p>Semantics, per dedup key (see {@code docs/alerting.md}):
 * <ul>
 *   <li><b>Grace.</b> A {@code TRIGGER} is held for {@code triggerGrace}. If the {@code RESOLVE}
 *       of the same key arrives within it, neither is sent; both count as {@link
 *       SuppressionReason#TRANSIENT}. A grace of zero releases on the same call.
 *   <li><b>Dedup.</b> A {@code TRIGGER} or {@code REMINDER} for an open alert sends nothing
 *       ({@link SuppressionReason#DUPLICATE}) but replaces the alert's content, so reminders carry
 *       the latest values. The alert keeps the severity of its first trigger.
 *   <li><b>Grouping.</b> Alerts are grouped by target, or by the value of a tag (falling back to
 *       the target when the tag is missing). The first released alert of a group opens a page and
 *       sends its {@code TRIGGER}. An alert of the same group released less than {@code
 *       groupWindow} after the page opened, and not more severe than it, joins the page instead
 *       ({@link SuppressionReason#GROUPED}); the page's reminders and resolve list every open
 *       member in their detail. Alerts released on the same tick are sent as one page listing all.
 *       A page keeps its first alert's dedup key and severity; an alert whose key is that of a
 *       page still open (held by other members) rejoins that page.
 *   <li><b>Reminders.</b> Every {@code reminderInterval} after a page opened, a {@code REMINDER}
 *       with the page's latest content is sent while the page is open (zero: none).
 *   <li><b>Resolve.</b> A {@code RESOLVE} closes its alert. It is sent, under the page's dedup key,
 *       only when it closes the page's last member; before that it counts as {@code GROUPED}. A
 *       resolve of an alert never sent (muted) or not open counts as {@link
 *       SuppressionReason#NOT_OPEN}. A resolve is never silenced or inhibited: whoever got the page
 *       learns it closed.
 *   <li><b>Silences</b> ({@link Silence}) and <b>inhibition</b> (an open alert of severity at or
 *       above {@code inhibitingSeverity}, default {@code CRITICAL}, mutes the lower-severity
 *       notifications of the same target, from its trigger to its resolve) are checked when an
 *       alert is released and for each reminder or {@code INFO}; a muted alert is counted once and
 *       re-checked on every tick, and sent when the silence ends or the inhibiting alert resolves.
 *   <li><b>INFO</b> notifications bypass grace, dedup and grouping: sent unless muted.
 *   <li><b>Routes.</b> A notification tagged {@link Notification#CHANNEL_TAG} goes to that channel
 *       only (a policy's {@code alert(name)} action does this). Any other sent notification goes to
 *       the channels routed for its severity; with no
 *       route configured at all, to every channel. A severity without a route counts as {@link
 *       SuppressionReason#UNROUTED}.
 * </ul>
 *
 * <p>Thread-safe. {@link #submit} and {@link #tick} take a short lock for the state machine and
 * return at once: deliveries run on each channel's own executor ({@link ChannelConfig}), so a slow
 * or dead channel never delays them nor another channel. The router has no thread of its own: the
 * engine calls {@link #tick} every cycle (or at {@link #nextWakeNanos}). Events ({@link
 * AlertEvent}) go to the listeners on the thread that caused them (the caller of submit/tick, or a
 * channel's thread); a listener that throws is logged and skipped.
 */
public final class AlertRouter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRouter.class);

  /** Default trigger grace: 30 s. */
  public static final Duration DEFAULT_TRIGGER_GRACE = Duration.ofSeconds(30);
  /** Default reminder interval: 4 h. */
  public static final Duration DEFAULT_REMINDER_INTERVAL = Duration.ofHours(4);
  /** Default group window: 5 min. */
  public static final Duration DEFAULT_GROUP_WINDOW = Duration.ofMinutes(5);
  /** Default severity whose open alerts inhibit the lower severities of their target. */
  public static final AlertSeverity DEFAULT_INHIBITING_SEVERITY = AlertSeverity.CRITICAL;

  private final Ticker ticker;
  private final Clock clock;
  private final Map<String, Channel> channels;
  private final Map<AlertSeverity, List<String>> routes;
  private final AlertBook book;
  private final Map<String, Silence> silences = new ConcurrentHashMap<>();
  private final CopyOnWriteArraySet<GuardEventListener> listeners;
  private final Map<Notification.Kind, LongAdder> sent = new EnumMap<>(Notification.Kind.class);
  private final Map<SuppressionReason, LongAdder> suppressed =
      new EnumMap<>(SuppressionReason.class);
  private final Object lock = new Object();
  private volatile boolean closed;

  private AlertRouter(Builder b) {
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.listeners = new CopyOnWriteArraySet<>(b.listeners);
    this.routes = new EnumMap<>(b.routes);
    for (Notification.Kind k : Notification.Kind.values()) {
      sent.put(k, new LongAdder());
    }
    for (SuppressionReason r : SuppressionReason.values()) {
      suppressed.put(r, new LongAdder());
    }
    this.book = new AlertBook(b.triggerGrace.toNanos(), b.reminderInterval.toNanos(),
        b.groupWindow.toNanos(), b.groupByTag, b.inhibiting, this::silenced);
    Map<String, Channel> built = new LinkedHashMap<>();
    for (ChannelConfig c : b.channels.values()) {
      built.put(c.name(), new Channel(c, ticker, clock, b.mapper, this::publish));
    }
    this.channels = built;
    built.values().forEach(Channel::replay);
  }

  /** Starts a builder; {@link Builder#build} starts the channels and replays file outboxes. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes one notification in: decides at once what it does to its alert and hands anything due to
   * the channels' outboxes. Never waits for a channel.
   *
   * @throws IllegalStateException when the router is closed
   */
  public void submit(Notification notification) {
    requireNonNull(notification, "notification");
    if (closed) {
      throw new IllegalStateException("alert router is closed; notification '"
          + notification.dedupKey() + "' not accepted");
    }
    List<AlertBook.Step> steps;
    synchronized (lock) {
      steps = book.accept(notification, ticker.read(), clock.instant());
    }
    perform(steps);
  }

  /** Moves the router to the ticker's current time: releases, re-checks muted alerts, reminds. */
  public void tick() {
    if (closed) {
      return;
    }
    List<AlertBook.Step> steps;
    synchronized (lock) {
      steps = book.advance(ticker.read(), clock.instant());
    }
    perform(steps);
  }

  /**
   * Returns the ticker reading at which {@link #tick} next has work (a grace ending, a reminder
   * due, a silence ending while an alert is muted), or empty when nothing is scheduled.
   */
  public OptionalLong nextWakeNanos() {
    long now = ticker.read();
    Instant at = clock.instant();
    OptionalLong next;
    boolean muted;
    synchronized (lock) {
      next = book.nextWake();
      muted = book.hasMuted();
    }
    if (!muted) {
      return next;
    }
    long wake = next.orElse(Long.MAX_VALUE);
    for (Silence s : silences.values()) {
      if (s.endsAt().isAfter(at)) {
        wake = Math.min(wake, now + Duration.between(at, s.endsAt()).toNanos());
      }
    }
    return wake == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(wake);
  }

  /** Adds (or replaces, by id) a silence; expired silences are dropped. */
  public void addSilence(Silence silence) {
    requireNonNull(silence, "silence");
    Instant now = clock.instant();
    silences.values().removeIf(s -> !s.endsAt().isAfter(now));
    silences.put(silence.id(), silence);
    LOG.info("silence '{}' added for target {} tags {} from {} to {}: {}", silence.id(),
        silence.target().orElse("*"), silence.tags(), silence.startsAt(), silence.endsAt(),
        silence.comment());
  }

  /** Removes a silence before it ends; returns whether it existed. */
  public boolean removeSilence(String id) {
    return silences.remove(requireNonNull(id, "id")) != null;
  }

  /** Returns the silences not yet ended. */
  public List<Silence> silences() {
    Instant now = clock.instant();
    List<Silence> list = new ArrayList<>();
    for (Silence s : silences.values()) {
      if (s.endsAt().isAfter(now)) {
        list.add(s);
      }
    }
    return List.copyOf(list);
  }

  /** Adds a listener of {@link AlertEvent}s. */
  public void addListener(GuardEventListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Returns the channel names, in the order they were configured. */
  public List<String> channels() {
    return List.copyOf(channels.keySet());
  }

  /** Returns a copy of the counters. */
  public AlertStats stats() {
    Map<Notification.Kind, Long> s = new EnumMap<>(Notification.Kind.class);
    sent.forEach((k, v) -> s.put(k, v.sum()));
    Map<SuppressionReason, Long> r = new EnumMap<>(SuppressionReason.class);
    suppressed.forEach((k, v) -> r.put(k, v.sum()));
    Map<String, Map<DeliveryOutcome, Long>> c = new LinkedHashMap<>();
    for (Channel ch : channels.values()) {
      Map<DeliveryOutcome, Long> m = new EnumMap<>(DeliveryOutcome.class);
      for (DeliveryOutcome o : DeliveryOutcome.values()) {
        m.put(o, ch.count(o));
      }
      c.put(ch.name(), Map.copyOf(m));
    }
    synchronized (lock) {
      return new AlertStats(s, r, c, book.openAlerts(), book.openPages());
    }
  }

  /**
   * Stops the channels: their own executors are shut down (an executor given by the application
   * is left running); what is still waiting stays in a file outbox when one is configured, and is
   * otherwise lost (logged). Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    channels.values().forEach(Channel::close);
  }

  private void perform(List<AlertBook.Step> steps) {
    for (AlertBook.Step step : steps) {
      if (step instanceof AlertBook.Send) {
        send(((AlertBook.Send) step).notification());
      } else {
        AlertBook.Suppress s = (AlertBook.Suppress) step;
        suppress(s.notification(), s.reason());
      }
    }
  }

  private void send(Notification n) {
    String explicit = n.tags().get(Notification.CHANNEL_TAG);
    List<String> names = explicit != null ? (channels.containsKey(explicit) ? List.of(explicit) : List.of())
        : routes.isEmpty() ? List.copyOf(channels.keySet())
        : routes.getOrDefault(n.severity(), List.of());
    if (names.isEmpty()) {
      suppress(n, SuppressionReason.UNROUTED);
      return;
    }
    sent.get(n.kind()).increment();
    publish(new AlertEvent.Routed(clock.instant(), n.target(), n.dedupKey(), n.kind(),
        n.severity(), names));
    for (String name : names) {
      channels.get(name).enqueue(n);
    }
  }

  private void suppress(Notification n, SuppressionReason reason) {
    suppressed.get(reason).increment();
    LOG.debug("{} '{}' suppressed: {}", n.kind(), n.dedupKey(), reason);
    publish(new AlertEvent.Suppressed(clock.instant(), n.target(), n.dedupKey(), n.kind(),
        reason));
  }

  private boolean silenced(Notification n, Instant at) {
    for (Silence s : silences.values()) {
      if (s.mutes(n, at)) {
        return true;
      }
    }
    return false;
  }

  private void publish(AlertEvent event) {
    for (GuardEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.atWarn().setMessage("alert event listener {} failed on {}: {}")
            .addArgument(l.getClass().getName()).addArgument(event.type())
            .addArgument(e.toString()).setCause(e).log();
      }
    }
  }

  /** A mutable, single-thread builder of {@link AlertRouter}; each setter checks its argument. */
  public static final class Builder {
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private final Map<String, ChannelConfig> channels = new LinkedHashMap<>();
    private final Map<AlertSeverity, List<String>> routes = new EnumMap<>(AlertSeverity.class);
    private Duration triggerGrace = DEFAULT_TRIGGER_GRACE;
    private Duration reminderInterval = DEFAULT_REMINDER_INTERVAL;
    private Duration groupWindow = DEFAULT_GROUP_WINDOW;
    private Optional<String> groupByTag = Optional.empty();
    private Optional<AlertSeverity> inhibiting = Optional.of(DEFAULT_INHIBITING_SEVERITY);
    private final List<GuardEventListener> listeners = new ArrayList<>();
    private JsonMapper mapper = JsonMapper.builder().build();

    private Builder() {}

    /** Sets the monotonic time source; default {@link Ticker#system()}. */
    public Builder ticker(Ticker value) {
      this.ticker = requireNonNull(value, "ticker");
      return this;
    }

    /** Sets the wall clock for timestamps and silences; default UTC system clock. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /** Adds a channel with its defaults. */
    public Builder channel(String name, Notifier notifier) {
      return channel(ChannelConfig.ofDefaults(name, notifier));
    }

    /** Adds a channel; names must be unique. */
    public Builder channel(ChannelConfig value) {
      requireNonNull(value, "channel");
      if (channels.putIfAbsent(value.name(), value) != null) {
        throw new IllegalArgumentException("channel '" + value.name() + "' is already configured");
      }
      return this;
    }

    /** Sends notifications of this severity to these channels (replacing an earlier route). */
    public Builder route(AlertSeverity severity, String... channelNames) {
      requireNonNull(severity, "severity");
      if (channelNames.length == 0) {
        throw new IllegalArgumentException("route for " + severity + " needs at least one channel");
      }
      routes.put(severity, List.of(channelNames));
      return this;
    }

    /** Sets how long a trigger is held back; zero sends at once. Default 30 s. */
    public Builder triggerGrace(Duration value) {
      this.triggerGrace = notNegative("triggerGrace", value);
      return this;
    }

    /** Sets the interval of reminders for open pages; zero sends none. Default 4 h. */
    public Builder reminderInterval(Duration value) {
      this.reminderInterval = notNegative("reminderInterval", value);
      return this;
    }

    /** Sets how long after a page opens other alerts of its group join it; zero: never. */
    public Builder groupWindow(Duration value) {
      this.groupWindow = notNegative("groupWindow", value);
      return this;
    }

    /** Groups alerts by target (the default). */
    public Builder groupByTarget() {
      this.groupByTag = Optional.empty();
      return this;
    }

    /** Groups alerts by the value of a tag, falling back to the target when it is missing. */
    public Builder groupByTag(String key) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("groupByTag key must not be blank, got '" + key + "'");
      }
      this.groupByTag = Optional.of(key);
      return this;
    }

    /** Lets open alerts at or above this severity mute their target's lower severities. */
    public Builder inhibitingSeverity(AlertSeverity value) {
      this.inhibiting = Optional.of(requireNonNull(value, "inhibitingSeverity"));
      return this;
    }

    /** Turns inhibition off. */
    public Builder noInhibition() {
      this.inhibiting = Optional.empty();
      return this;
    }

    /** Adds a listener of {@link AlertEvent}s. */
    public Builder listener(GuardEventListener value) {
      listeners.add(requireNonNull(value, "listener"));
      return this;
    }

    /** Sets the mapper of file outboxes; default a plain {@link JsonMapper}. */
    public Builder jsonMapper(JsonMapper value) {
      this.mapper = requireNonNull(value, "jsonMapper");
      return this;
    }

    /**
     * Builds and starts the router.
     *
     * @throws IllegalArgumentException when a route names a channel that is not configured
     * @throws java.io.UncheckedIOException when a file outbox cannot be opened
     */
    public AlertRouter build() {
      for (Map.Entry<AlertSeverity, List<String>> r : routes.entrySet()) {
        checkRoute(r.getKey(), r.getValue(), channels.keySet());
      }
      return new AlertRouter(this);
    }

    private static void checkRoute(AlertSeverity severity, List<String> names,
        Collection<String> known) {
      for (String n : names) {
        if (!known.contains(n)) {
          throw new IllegalArgumentException("route for " + severity + " names channel '" + n
              + "', but the channels are " + known);
        }
      }
    }

    private static Duration notNegative(String what, Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, got " + value);
      }
      return value;
    }
  }
}
