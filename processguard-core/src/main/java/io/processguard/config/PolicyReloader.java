package io.processguard.config;

import static java.util.Objects.requireNonNull;

import io.processguard.ProcessGuard;
import io.processguard.alert.AlertSeverity;
import io.processguard.alert.Notification;
import io.processguard.alert.Notifier;
import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.policy.ActionType;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.spi.Ticker;
import io.processguard.target.TargetSpec;
import io.processguard.validation.Problem;
import io.processguard.validation.ValidationException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a guard's policies in step with a {@link PolicySource} and rolls each version out in
 * stages.
 *
 * <p>{@link #poll()} fetches the source; when the SHA-256 of its bytes changed, it loads and
 * validates the new version and applies it with {@link ProcessGuard#replacePolicies}, so one
 * engine cycle sees either the old or the new set, never a mix. An invalid version never
 * replaces the running one: it is published as {@link PolicyEvent.Rejected} with every problem.
 * New targets of a version are registered; a changed or removed target is rejected, since the
 * guard cannot swap a watched target in place (restart the application for that).
 *
 * <p>Each poll also advances the rollouts: a policy with a canary fraction enforces on the
 * instances {@link Canary} selects and runs in dry-run on the others; a progressive schedule
 * steps the fraction up while the guard's own action rate (from {@link
 * RecoveryEvent.ActionStarted}) stays within the declared normal; above it, a declared rollback
 * reverts the policy to its previous version (or dry-run), publishes {@link
 * PolicyEvent.RolledBack} and pages. Feature flags can be switched with {@link #setFlag}.
 *
 * <p>The reloader owns the policies of its documents; policies registered by other means are
 * kept as they are. Thread-safe: polls, flag changes and queries are serialized; notifiers are
 * called on the polling thread and their failures logged. {@link #close()} stops the polling
 * thread started by {@link #start(Duration)} and is idempotent.
 */
public final class PolicyReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);
  private static final long HOUR = Duration.ofHours(1).toNanos();

  private final ProcessGuard guard;
  private final PolicySource source;
  private final String instanceId;
  private final Ticker ticker;
  private final Clock clock;
  private final Map<String, Notifier> pagers;
  private final ConcurrentLinkedDeque<long[]> actions = new ConcurrentLinkedDeque<>();
  private final Map<String, Integer> targetIds = new java.util.concurrent.ConcurrentHashMap<>();
  private final GuardEventListener listener = this::observe;
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Map<String, Boolean> flagOverrides = new LinkedHashMap<>();
  private final Set<String> registeredTargets = new HashSet<>();
  private @Nullable PolicyDocument current;
  private String lastSeenHash = "";
  private @Nullable ScheduledExecutorService poller;
  private boolean closed;

  private PolicyReloader(Builder b) {
    this.guard = b.guard;
    this.source = b.source;
    this.instanceId = b.instanceId;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.pagers = Map.copyOf(b.pagers);
    guard.addListener(listener);
  }

  /** Starts a reloader for the guard and source. */
  public static Builder builder(ProcessGuard guard, PolicySource source) {
    return new Builder(requireNonNull(guard, "guard"), requireNonNull(source, "source"));
  }

  /**
   * Fetches the source and applies a new version if its hash changed, then advances the
   * rollouts. Returns whether a new version was applied. Never throws for a bad source or
   * document: that is published as {@link PolicyEvent.Rejected}.
   */
  public synchronized boolean poll() {
    boolean applied = false;
    try {
      List<PolicyFile> files = source.fetch();
      String hash = PolicyFile.sha256(files);
      if (!hash.equals(lastSeenHash)) {
        lastSeenHash = hash;
        applied = load(files, hash);
      }
    } catch (IOException | RuntimeException e) {
      reject("", List.of(new Problem(source.describe(), "(fetch)", "", "cannot be read: " + e.getMessage())));
    }
    advance();
    return applied;
  }

  private boolean load(List<PolicyFile> files, String hash) {
    PolicyDocument next;
    try {
      next = PolicyLoader.parse(source.describe(), files);
    } catch (ValidationException e) {
      reject(hash, e.problems());
      return false;
    }
    List<Problem> targetProblems = removedTargets(next);
    if (!targetProblems.isEmpty()) {
      reject(hash, targetProblems);
      return false;
    }
    List<TargetSpec> targetChanges = changedTargets(next);
    Map<String, State> nextStates = new LinkedHashMap<>();
    long now = ticker.read();
    for (Policy p : next.policies()) {
      String h = Effective.hash(p, next.rollout(p.name()));
      State old = states.get(p.name());
      if (old != null && old.hash.equals(h)) {
        nextStates.put(p.name(), old);
      } else {
        Policy previous = old == null ? null : old.declared;
        nextStates.put(p.name(), new State(p, next.rollout(p.name()), next.revision(), h, now, previous,
            old == null ? "" : old.revision));
      }
    }
    try {
      swap(next, nextStates, targetChanges);
    } catch (ValidationException e) {
      reject(hash, e.problems());
      return false;
    }
    next.targets().forEach(t -> registeredTargets.add(t.target().name()));
    states.clear();
    states.putAll(nextStates);
    current = next;
    flagOverrides.keySet().retainAll(next.flags().keySet());
    guard.publish(new PolicyEvent.Loaded(clock.instant(), source.describe(), next.revision(), next.hash(),
        List.copyOf(running().values())));
    return true;
  }

  /** A running target cannot be removed by a reload (unregistering it would drop its history). */
  private List<Problem> removedTargets(PolicyDocument next) {
    List<Problem> problems = new ArrayList<>();
    for (String name : registeredTargets) {
      if (next.findTarget(name).isEmpty()) {
        problems.add(new Problem(source.describe(), "targets." + name, name,
            "a running target cannot be removed by a reload; restart the application to remove it"));
      }
    }
    return problems;
  }

  /** The targets of the new version that are new or differ from the running version. */
  private List<TargetSpec> changedTargets(PolicyDocument next) {
    PolicyDocument cur = current;
    List<TargetSpec> out = new ArrayList<>();
    for (TargetSpec t : next.targets()) {
      Optional<TargetSpec> before = cur == null ? Optional.empty() : cur.findTarget(t.target().name());
      if (!registeredTargets.contains(t.target().name()) || !before.equals(Optional.of(t))) {
        out.add(t);
      }
    }
    return out;
  }

  private void swap(PolicyDocument doc, Map<String, State> next) {
    swap(doc, next, List.of());
  }

  private void swap(PolicyDocument doc, Map<String, State> next, List<TargetSpec> targets) {
    List<Policy> set = new ArrayList<>();
    for (Policy p : guard.policies()) {
      if (!states.containsKey(p.name()) && !next.containsKey(p.name())) {
        set.add(p);
      }
    }
    List<FeatureFlag> flags = flags(doc);
    for (State s : next.values()) {
      effective(s, flags).ifPresent(set::add);
    }
    guard.replace(targets, set);
  }

  private Optional<Policy> effective(State s, List<FeatureFlag> flags) {
    Policy base = s.declared;
    if (!s.rolledBack.isEmpty()) {
      base = s.rollout.rollback().map(Rollout.Rollback::to).orElse(Rollout.RollbackTo.DRY_RUN)
          == Rollout.RollbackTo.PREVIOUS && s.previous != null ? s.previous : s.declared.withMode(Mode.DRY_RUN);
    } else if (base.mode() == Mode.ENFORCE && s.rollout != Rollout.NONE
        && !Canary.selected(instanceId, base.name(), s.revision, s.fraction)) {
      base = base.withMode(Mode.DRY_RUN);
    }
    return Effective.withFlags(base, flags);
  }

  private List<FeatureFlag> flags(PolicyDocument doc) {
    List<FeatureFlag> out = new ArrayList<>();
    doc.flags().values().forEach(f -> out.add(f.withEnabled(flagOverrides.getOrDefault(f.name(), f.enabled()))));
    return out;
  }

  /** Steps progressive rollouts and rolls back policies acting above their declared normal. */
  private void advance() {
    PolicyDocument doc = current;
    if (doc == null) {
      return;
    }
    long now = ticker.read();
    List<GuardEvent> events = new ArrayList<>();
    boolean changed = false;
    for (State s : states.values()) {
      if (s.rollout == Rollout.NONE || !s.rolledBack.isEmpty()) {
        continue;
      }
      String abnormal = abnormal(s, now);
      if (!abnormal.isEmpty() && s.rollout.rollback().isPresent()) {
        changed = true;
        s.rolledBack = abnormal;
        events.add(rollBack(s, abnormal));
        continue;
      }
      double scheduled = s.rollout.scheduled(Duration.ofNanos(now - s.loadedAt));
      if (scheduled > s.fraction && abnormal.isEmpty()) {
        double from = s.fraction;
        s.fraction = scheduled;
        changed = true;
        events.add(new PolicyEvent.StageChanged(clock.instant(), s.declared.target(), s.declared.name(), s.revision,
            from, scheduled, Canary.selected(instanceId, s.declared.name(), s.revision, scheduled)));
      }
    }
    if (changed) {
      try {
        swap(doc, states);
      } catch (ValidationException e) {
        reject(doc.hash(), e.problems());
      }
    }
    events.forEach(guard::publish);
  }

  private String abnormal(State s, long now) {
    Optional<Rollout.Normal> normal = s.rollout.normal();
    if (normal.isEmpty()) {
      return "";
    }
    long since = Math.max(s.loadedAt, now - HOUR);
    Integer id = targetIds.get(s.declared.target());
    int all = 0;
    int restarts = 0;
    for (long[] a : actions) {
      if (id != null && a[0] == id && a[1] >= since && a[1] <= now) {
        all++;
        restarts += (int) a[2];
      }
    }
    if (restarts > normal.get().restartsPerHour()) {
      return String.format(Locale.ROOT, "%d restarts of %s within the last hour, normal is at most %d",
          restarts, s.declared.target(), normal.get().restartsPerHour());
    }
    if (all > normal.get().actionsPerHour()) {
      return String.format(Locale.ROOT, "%d actions on %s within the last hour, normal is at most %d",
          all, s.declared.target(), normal.get().actionsPerHour());
    }
    return "";
  }

  private GuardEvent rollBack(State s, String reason) {
    Rollout.Rollback rb = s.rollout.rollback().orElseThrow();
    String to = rb.to() == Rollout.RollbackTo.PREVIOUS && s.previous != null
        ? "revision " + s.previousRevision : "dry-run";
    String summary = "policy " + s.declared.name() + " revision " + s.revision + " rolled back to " + to + ": " + reason;
    LOG.warn("{}", summary);
    for (String name : rb.page()) {
      page(name, s, summary);
    }
    return new PolicyEvent.RolledBack(clock.instant(), s.declared.target(), s.declared.name(), s.revision, to, reason,
        rb.page());
  }

  private void page(String name, State s, String summary) {
    Notifier n = pagers.get(name);
    if (n == null) {
      LOG.warn("policy {}: cannot page '{}': no such notifier was given to the reloader", s.declared.name(), name);
      return;
    }
    Notification note = new Notification("policy-rollback-" + s.declared.name() + "-" + s.revision,
        Notification.Kind.TRIGGER, AlertSeverity.CRITICAL, s.declared.target(), "", Duration.ofMinutes(5), summary,
        summary, Map.of(), Map.of(), List.of("rollback"), Optional.empty(), "Review the policy change before rolling it out again.",
        "policy-rollback-" + s.declared.name(), clock.instant(), Map.of());
    try {
      n.deliver(note);
    } catch (Exception e) {
      LOG.warn("policy {}: paging '{}' failed: {}", s.declared.name(), name, e.toString());
    }
  }

  private void reject(String hash, List<Problem> problems) {
    PolicyDocument cur = current;
    problems.forEach(p -> LOG.warn("policy version rejected: {}", p));
    guard.publish(new PolicyEvent.Rejected(clock.instant(), source.describe(), hash,
        cur == null ? "" : cur.revision(), problems));
  }

  /** Records the guard's own actions; runs on the engine thread, takes no reloader lock. */
  private void observe(GuardEvent event) {
    if (event instanceof RecoveryEvent.ActionStarted) {
      RecoveryEvent.ActionStarted a = (RecoveryEvent.ActionStarted) event;
      int id = targetIds.computeIfAbsent(a.target(), k -> targetIds.size());
      long now = ticker.read();
      actions.addLast(new long[] {id, now, a.action().type() == ActionType.RESTART ? 1 : 0});
      while (!actions.isEmpty() && now - actions.peekFirst()[1] > HOUR) {
        actions.pollFirst();
      }
    }
  }

  /** Returns every policy of the running version, by name, with its version, hash and effective mode. */
  public synchronized Map<String, RunningPolicy> running() {
    Map<String, RunningPolicy> out = new LinkedHashMap<>();
    PolicyDocument doc = current;
    List<FeatureFlag> flags = doc == null ? List.of() : flags(doc);
    for (State s : states.values()) {
      Mode mode = effective(s, flags).map(Policy::mode).orElse(Mode.OFF);
      out.put(s.declared.name(), new RunningPolicy(s.declared.name(), s.declared.target(), s.revision, s.hash,
          s.fraction, mode, s.rolledBack));
    }
    return out;
  }

  /** Returns the running document set, if one was loaded. */
  public synchronized Optional<PolicyDocument> current() {
    return Optional.ofNullable(current);
  }

  /** Returns the state of every feature flag of the running version, including runtime overrides. */
  public synchronized Map<String, Boolean> flags() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    PolicyDocument doc = current;
    if (doc != null) {
      flags(doc).forEach(f -> out.put(f.name(), f.enabled()));
    }
    return out;
  }

  /**
   * Switches a feature flag of the running version and applies the result at once; the override
   * holds across reloads while the flag exists. Throws {@link IllegalArgumentException} for an
   * unknown flag.
   */
  public synchronized void setFlag(String name, boolean enabled, String by) {
    requireNonNull(by, "by");
    PolicyDocument doc = current;
    if (doc == null || !doc.flags().containsKey(name)) {
      throw new IllegalArgumentException("no feature flag '" + name + "' in the running policy version (flags: "
          + (doc == null ? "[]" : new java.util.TreeSet<>(doc.flags().keySet())) + ")");
    }
    flagOverrides.put(name, enabled);
    swap(doc, states);
    guard.publish(new PolicyEvent.FlagChanged(clock.instant(), name, enabled, by));
  }

  /** Polls now and then every {@code interval} on a daemon thread {@code processguard-policy-reload}. */
  public synchronized PolicyReloader start(Duration interval) {
    if (closed || poller != null) {
      throw new IllegalStateException("the reloader is " + (closed ? "closed" : "already started"));
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "processguard-policy-reload");
      t.setDaemon(true);
      return t;
    });
    poller = s;
    s.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    return this;
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warn("policy reload from {} failed; will try again", source.describe(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    guard.removeListener(listener);
    ScheduledExecutorService s = poller;
    if (s != null) {
      s.shutdownNow();
    }
  }

  /** The rollout state of one policy version on this instance. */
  private static final class State {
    final Policy declared;
    final Rollout rollout;
    final String revision;
    final String hash;
    final long loadedAt;
    final @Nullable Policy previous;
    final String previousRevision;
    double fraction;
    String rolledBack = "";

    State(Policy declared, Rollout rollout, String revision, String hash, long loadedAt, @Nullable Policy previous,
        String previousRevision) {
      this.declared = declared;
      this.rollout = rollout;
      this.revision = revision;
      this.hash = hash;
      this.loadedAt = loadedAt;
      this.previous = previous;
      this.previousRevision = previousRevision;
      this.fraction = rollout.steps().isEmpty() ? rollout.canary() : rollout.scheduled(Duration.ZERO);
    }
  }

  /** Builds a {@link PolicyReloader}; not thread-safe. */
  public static final class Builder {
    private final ProcessGuard guard;
    private final PolicySource source;
    private String instanceId = defaultInstanceId();
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private final Map<String, Notifier> pagers = new LinkedHashMap<>();

    private Builder(ProcessGuard guard, PolicySource source) {
      this.guard = guard;
      this.source = source;
    }

    /** Sets this instance's id for canary selection; default host name and process id. */
    public Builder instanceId(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("instanceId must not be blank, got '" + id + "'");
      }
      this.instanceId = id;
      return this;
    }

    /** Sets the monotonic time source of rollout schedules and rates; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the clock of event timestamps; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Adds a notifier that a rollback's {@code page:} can name. */
    public Builder notifier(String name, Notifier notifier) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("notifier name must not be blank, got '" + name + "'");
      }
      pagers.put(name, requireNonNull(notifier, "notifier"));
      return this;
    }

    /** Returns the reloader; it does nothing until {@link PolicyReloader#poll()} or {@code start}. */
    public PolicyReloader build() {
      return new PolicyReloader(this);
    }

    private static String defaultInstanceId() {
      String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
      return host + "/" + ProcessHandle.current().pid();
    }
  }
}
