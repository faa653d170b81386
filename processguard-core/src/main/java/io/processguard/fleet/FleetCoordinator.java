package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import io.processguard.approval.ApprovalStatus;
import io.processguard.audit.AuditKey;
import io.processguard.audit.AuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's seat in a fleet: the disruption budget and leader leases it draws from, the
 * shared approvals and audit trail it writes to, and the policy versions it reports. A guard given
 * one ({@code ProcessGuard.builder().fleet(coordinator)}) asks it for a permit before each restart
 * or failover rung, shares its approval requests and copies every audit entry to the fleet trail.
 *
 * <p>When the store is unreachable the coordinator keeps working on local rules: policies stay at
 * the last version applied; disruption permits come from a local share of the budget ({@link
 * DisruptionBudget#offlineShare}: the fleet limit divided by the last known fleet size, rounded
 * down); leader leases are refused (no failover without a lease); audit entries are queued in
 * memory, in order, up to {@code auditQueueCapacity}, and flushed when the store returns. When the
 * queue is full, {@link #audit} reports failure, so the guard does not act on what it could not
 * record: nothing is lost.
 *
 * <p>Thread-safe. Its calls may block on the database for as long as the data source's timeouts
 * allow: configure connect and socket timeouts. {@link #close()} is idempotent and does not close
 * the stores' data source.
 */
public final class FleetCoordinator implements AutoCloseable {
  /** Default pool name of the disruption budget: {@value}. */
  public static final String DEFAULT_POOL = "disruption";
  /** Default fleet budget: 1 disruption at a time. */
  public static final DisruptionBudget DEFAULT_BUDGET = DisruptionBudget.of(1);
  /** Default lifetime of a permit (slot and leader lease) if never released: 5 minutes. */
  public static final Duration DEFAULT_PERMIT_TTL = Duration.ofMinutes(5);
  /** Default interval of heartbeats and audit flushes: 5 s. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
  /** Default wait before a rung refused a permit asks again: 1 s. */
  public static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
  /** Default capacity of the local audit queue used while the store is away: {@value} entries. */
  public static final int DEFAULT_AUDIT_QUEUE = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(FleetCoordinator.class);

  private final String instanceId;
  private final PolicyStore policies;
  private final ApprovalStore approvals;
  private final AuditSink audit;
  private final LeaseStore leases;
  private final DisruptionBudget budget;
  private final String pool;
  private final Duration permitTtl;
  private final Duration heartbeat;
  private final Duration instanceTtl;
  private final Duration retry;
  private final int auditQueueCapacity;
  private final Clock clock;
  private final @Nullable Consumer<PolicyDocument> onPolicy;
  private final boolean background;
  private final Map<String, Long> running = new ConcurrentHashMap<>();
  private final ArrayDeque<AuditSink.Timed> queue = new ArrayDeque<>();
  private volatile boolean online = true;
  private volatile int lastKnownFleetSize = 1;
  private int localPermits;
  private final java.util.Set<Permit> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private @Nullable ScheduledExecutorService thread;
  private PolicyStore.@Nullable Subscription subscription;
  private boolean closed;

  private FleetCoordinator(Builder b) {
    this.instanceId = b.instanceId;
    this.policies = b.policies;
    this.approvals = b.approvals;
    this.audit = b.audit;
    this.leases = b.leases;
    this.budget = b.budget;
    this.pool = b.pool;
    this.permitTtl = b.permitTtl;
    this.heartbeat = b.heartbeat;
    this.instanceTtl = b.instanceTtl;
    this.retry = b.retry;
    this.auditQueueCapacity = b.auditQueueCapacity;
    this.clock = b.clock;
    this.onPolicy = b.onPolicy;
    this.background = b.background;
  }

  /** Starts a builder for the instance; every store defaults to in memory. */
  public static Builder builder(String instanceId) {
    return new Builder(instanceId);
  }

  /**
   * Subscribes to policy changes, sends a first heartbeat and, unless built with {@code
   * background(false)}, starts the thread {@code processguard-fleet} that heartbeats and flushes
   * queued audit entries every {@code heartbeat}. Returns this.
   */
  public synchronized FleetCoordinator start() {
    if (onPolicy != null && subscription == null) {
      subscription = policies.subscribe(this::apply);
    }
    sync();
    if (background && thread == null) {
      ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread th = new Thread(r, "processguard-fleet");
        th.setDaemon(true);
        return th;
      });
      t.scheduleWithFixedDelay(this::sync, heartbeat.toNanos(), heartbeat.toNanos(), TimeUnit.NANOSECONDS);
      thread = t;
    }
    return this;
  }

  /** Returns this instance's id. */
  public String instanceId() {
    return instanceId;
  }

  /** Returns whether the last call to the store succeeded. */
  public boolean online() {
    return online;
  }

  /** Returns how long a rung refused a permit waits before it asks again. */
  public Duration retryInterval() {
    return retry;
  }

  /** Returns the policy store. */
  public PolicyStore policies() {
    return policies;
  }

  /** Returns the approval store. */
  public ApprovalStore approvals() {
    return approvals;
  }

  /** Returns the fleet audit trail. */
  public AuditSink auditSink() {
    return audit;
  }

  /** Returns the lease store. */
  public LeaseStore leases() {
    return leases;
  }

  // ---- disruption permits -------------------------------------------------------------------

  /**
   * Asks for a permit to disrupt {@code subject}: one slot of the fleet budget and, for each name
   * in {@code leaderLeases} (such as {@code failover:db-cluster}), that lease. All or nothing: a
   * refusal releases what was taken and says why. Never throws for an unreachable store: it then
   * applies the local rules (see the class comment).
   */
  public Permit acquire(String subject, List<String> leaderLeases) {
    requireNonNull(subject, "subject");
    LeaseStore.SlotResult slot;
    try {
      slot = leases.tryAcquireSlot(pool, instanceId, subject, budget, permitTtl);
      online = true;
    } catch (FleetStoreException e) {
      markOffline(e);
      if (!leaderLeases.isEmpty()) {
        return Permit.refused("the fleet store is unreachable, so no leader lease for " + leaderLeases
            + " can be held (" + e.getMessage() + ")");
      }
      return localPermit(subject);
    }
    if (slot.slot().isEmpty()) {
      return Permit.refused(slot.refusal());
    }
    List<Lease> held = new ArrayList<>();
    for (String name : leaderLeases) {
      Optional<Lease> l = tryLead(name);
      if (l.isEmpty()) {
        Permit partial = new Permit(slot.slot(), held, "");
        release(partial);
        String who = leaderOf(name);
        return Permit.refused("lease '" + name + "' is held by " + who);
      }
      held.add(l.get());
    }
    Permit permit = new Permit(slot.slot(), held, "");
    this.held.add(permit);
    return permit;
  }

  /**
   * Renews the slot and leader leases of every permit held now by {@code permitTtl}, so a rung
   * that runs longer than the TTL keeps them; {@link #sync()} calls it each heartbeat. A slot or
   * lease already lost is logged once and no longer renewed: its rung's fenced writes will be
   * rejected. Never throws.
   */
  public void renewHeld() {
    for (Permit p : held) {
      try {
        boolean kept = p.slot().flatMap(s -> leases.renewSlot(s, permitTtl)).isPresent();
        for (Lease l : p.leases()) {
          kept &= leases.renew(l, permitTtl).isPresent();
        }
        if (!kept && held.remove(p)) {
          LOG.warn("instance {} lost its permit for '{}' (slot {}, leases {}) while the rung ran; it is no longer "
              + "renewed and fenced writes under it are rejected", instanceId,
              p.slot().map(DisruptionSlot::subject).orElse(""), p.slot().map(DisruptionSlot::token).orElse(0L),
              p.leases().stream().map(l -> l.name() + "#" + l.token()).toList());
        }
        online = true;
      } catch (FleetStoreException e) {
        markOffline(e);
        return;
      } catch (RuntimeException e) {
        LOG.warn("instance {} could not renew a permit: {}", instanceId, e.toString());
      }
    }
  }

  /** Returns how many permits this instance holds now (granted through the store, not yet released). */
  public int heldPermits() {
    return held.size();
  }

  private Optional<Lease> tryLead(String name) {
    try {
      return leases.tryAcquire(name, instanceId, permitTtl);
    } catch (FleetStoreException e) {
      markOffline(e);
      return Optional.empty();
    }
  }

  private String leaderOf(String name) {
    try {
      return leases.holder(name).map(l -> "instance '" + l.holder() + "' (token " + l.token() + ")").orElse("nobody now");
    } catch (FleetStoreException e) {
      return "an unknown instance (store unreachable)";
    }
  }

  private synchronized Permit localPermit(String subject) {
    int share = budget.offlineShare(lastKnownFleetSize);
    if (localPermits >= share) {
      return Permit.refused(String.format(Locale.ROOT, "the fleet store is unreachable and the local share of the "
          + "disruption budget is in use: %d of %d (budget %d / %d last known instances, rounded down)",
          localPermits, share, budget.limit(lastKnownFleetSize), lastKnownFleetSize));
    }
    localPermits++;
    return new Permit(Optional.of(new DisruptionSlot(pool, instanceId, subject, 0, clock.instant().plus(permitTtl))),
        List.of(), "");
  }

  /** Returns a permit's slot and leases; idempotent, never throws (unreleased ones expire). */
  public void release(Permit permit) {
    held.remove(permit);
    for (Lease l : permit.leases()) {
      try {
        leases.release(l);
      } catch (FleetStoreException e) {
        markOffline(e);
      }
    }
    permit.slot().ifPresent(s -> {
      if (s.local()) {
        synchronized (this) {
          localPermits = Math.max(0, localPermits - 1);
        }
        return;
      }
      try {
        leases.releaseSlot(s);
      } catch (FleetStoreException e) {
        markOffline(e);
      }
    });
  }

  // ---- approvals ----------------------------------------------------------------------------

  /** Shares a request this instance raised; returns false (local only) when the store is unreachable. */
  public boolean share(SharedApproval request) {
    try {
      approvals.open(request);
      online = true;
      return true;
    } catch (FleetStoreException e) {
      markOffline(e);
      LOG.warn("approval request {} stays local to instance {}: {}", request.id(), instanceId, e.getMessage());
      return false;
    }
  }

  /** Returns a shared request; empty when unknown or when the store is unreachable. */
  public Optional<SharedApproval> findApproval(String id) {
    try {
      Optional<SharedApproval> r = approvals.find(id);
      online = true;
      return r;
    } catch (FleetStoreException e) {
      markOffline(e);
      return Optional.empty();
    }
  }

  /** Decides a shared request; see {@link ApprovalStore#decide}. Throws {@link FleetStoreException}. */
  public Optional<SharedApproval> decide(String id, ApprovalStatus status, String operator, String reason) {
    return approvals.decide(id, status, operator, reason);
  }

  /** Claims an approved request for execution here; throws {@link FleetStoreException}. */
  public boolean claim(String id) {
    return approvals.claimExecution(id, instanceId);
  }

  // ---- audit --------------------------------------------------------------------------------

  /**
   * Sends a record to the fleet trail, stamped now and with this instance's id; queues it while
   * the store is away (and behind entries already queued, to keep the order). Returns null when
   * written or queued, or why not when the queue is full.
   */
  public @Nullable String audit(AuditRecord record) {
    requireNonNull(record, "record");
    AuditRecord r = record.instanceId().isPresent() ? record
        : new AuditRecord(record.actor(), record.action(), record.target(), record.outcome(), record.evidence(),
            Optional.of(instanceId));
    AuditSink.Timed t = new AuditSink.Timed(r, clock.instant());
    synchronized (queue) {
      if (queue.isEmpty()) {
        try {
          audit.append(t.record(), t.at());
          online = true;
          return null;
        } catch (FleetStoreException e) {
          markOffline(e);
        }
      }
      if (queue.size() >= auditQueueCapacity) {
        return String.format(Locale.ROOT, "the fleet audit store is unreachable and %d entries already wait "
            + "(queue capacity %d)", queue.size(), auditQueueCapacity);
      }
      queue.addLast(t);
      return null;
    }
  }

  /** Returns how many audit entries wait for the store. */
  public int queuedAuditEntries() {
    synchronized (queue) {
      return queue.size();
    }
  }

  /** Writes queued audit entries in order, in batches; returns whether the queue is now empty. */
  public boolean flushAudit() {
    synchronized (queue) {
      while (!queue.isEmpty()) {
        List<AuditSink.Timed> batch = new ArrayList<>();
        for (AuditSink.Timed t : queue) {
          batch.add(t);
          if (batch.size() == 500) {
            break;
          }
        }
        try {
          audit.appendAll(batch);
          online = true;
        } catch (FleetStoreException e) {
          markOffline(e);
          return false;
        }
        batch.forEach(x -> queue.pollFirst());
      }
      return true;
    }
  }

  // ---- policies and heartbeat ---------------------------------------------------------------

  private void apply(PolicyDocument d) {
    Consumer<PolicyDocument> c = onPolicy;
    if (c == null || running.getOrDefault(d.name(), 0L) >= d.version()) {
      return;
    }
    try {
      c.accept(d);
      running.put(d.name(), d.version());
      LOG.info("instance {} runs policy '{}' version {}", instanceId, d.name(), d.version());
    } catch (RuntimeException e) {
      LOG.warn("instance {} rejected policy '{}' version {}; it keeps version {}: {}", instanceId, d.name(),
          d.version(), running.getOrDefault(d.name(), 0L), e.toString());
    }
  }

  /** Records that this instance runs a policy version (for policies applied by other means). */
  public void reportPolicyVersion(String name, long version) {
    running.put(requireNonNull(name, "name"), version);
  }

  /** Returns the policy versions this instance runs, by name. */
  public Map<String, Long> runningPolicyVersions() {
    return new TreeMap<>(running);
  }

  /** Returns the fleet size seen at the last successful heartbeat (at least 1). */
  public int lastKnownFleetSize() {
    return lastKnownFleetSize;
  }

  /**
   * Heartbeats (with the running policy versions), refreshes the known fleet size, renews the
   * permits held by running rungs ({@link #renewHeld()}) and flushes the audit queue. The background thread calls it; call it directly on a coordinator built with
   * {@code background(false)}. Never throws.
   */
  public void sync() {
    try {
      leases.heartbeat(instanceId, runningPolicyVersions());
      lastKnownFleetSize = Math.max(1, leases.liveInstances(instanceTtl).size());
      online = true;
    } catch (FleetStoreException e) {
      markOffline(e);
    } catch (RuntimeException e) {
      LOG.warn("fleet sync of instance {} failed: {}", instanceId, e.toString());
    }
    renewHeld();
    flushAudit();
  }

  private void markOffline(FleetStoreException e) {
    if (online) {
      LOG.warn("instance {} lost the fleet store; enforcing local rules until it returns: {}", instanceId,
          e.getMessage());
    }
    online = false;
  }

  /** Stops the thread and the policy subscription, flushing what it can; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (thread != null) {
      thread.shutdownNow();
    }
    if (subscription != null) {
      subscription.close();
    }
    if (!flushAudit()) {
      LOG.warn("instance {} closed with {} audit entries not written to the fleet store", instanceId,
          queuedAuditEntries());
    }
  }

  /**
   * A permit to disrupt: the slot and leader leases held, or why none was granted.
   *
   * @param slot the disruption slot, when granted
   * @param leases the leader leases held with it
   * @param refusal why it was refused; empty when granted
   */
  public record Permit(Optional<DisruptionSlot> slot, List<Lease> leases, String refusal) {
    /** Validates and copies. */
    public Permit {
      requireNonNull(slot, "slot");
      leases = List.copyOf(leases);
      requireNonNull(refusal, "refusal");
    }

    static Permit refused(String why) {
      return new Permit(Optional.empty(), List.of(), why);
    }

    /** Returns whether the permit was granted. */
    public boolean granted() {
      return slot.isPresent();
    }

    /** Returns the fencing token of the named leader lease held, if any. */
    public Optional<Long> token(String lease) {
      return leases.stream().filter(l -> l.name().equals(lease)).map(Lease::token).findFirst();
    }
  }

  /** Builds a {@link FleetCoordinator}; not thread-safe. */
  public static final class Builder {
    private final String instanceId;
    private PolicyStore policies = PolicyStore.inMemory();
    private ApprovalStore approvals = ApprovalStore.inMemory();
    private AuditSink audit = AuditSink.inMemory(AuditKey.random());
    private LeaseStore leases = LeaseStore.inMemory();
    private DisruptionBudget budget = DEFAULT_BUDGET;
    private String pool = DEFAULT_POOL;
    private Duration permitTtl = DEFAULT_PERMIT_TTL;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration instanceTtl = PostgresFleet.DEFAULT_INSTANCE_TTL;
    private Duration retry = DEFAULT_RETRY;
    private int auditQueueCapacity = DEFAULT_AUDIT_QUEUE;
    private Clock clock = Clock.systemUTC();
    private @Nullable Consumer<PolicyDocument> onPolicy;
    private boolean background = true;

    private Builder(String instanceId) {
      requireNonNull(instanceId, "instanceId");
      if (!instanceId.matches("[A-Za-z0-9._:/-]{1,128}")) {
        throw new IllegalArgumentException("instanceId must match [A-Za-z0-9._:/-]{1,128}, got '" + instanceId + "'");
      }
      this.instanceId = instanceId;
    }

    /** Sets the policy store. */
    public Builder policies(PolicyStore store) {
      this.policies = requireNonNull(store, "policies");
      return this;
    }

    /** Sets the approval store. */
    public Builder approvals(ApprovalStore store) {
      this.approvals = requireNonNull(store, "approvals");
      return this;
    }

    /** Sets the fleet audit trail. */
    public Builder audit(AuditSink sink) {
      this.audit = requireNonNull(sink, "audit");
      return this;
    }

    /** Sets the lease store. */
    public Builder leases(LeaseStore store) {
      this.leases = requireNonNull(store, "leases");
      return this;
    }

    /** Sets the fleet's disruption budget; default {@link #DEFAULT_BUDGET}. Every instance must use the same. */
    public Builder disruptionBudget(DisruptionBudget budget) {
      this.budget = requireNonNull(budget, "disruptionBudget");
      return this;
    }

    /** Sets the budget's pool name (one budget per pool); default {@value #DEFAULT_POOL}. */
    public Builder pool(String pool) {
      requireNonNull(pool, "pool");
      if (pool.isBlank()) {
        throw new IllegalArgumentException("pool must not be blank, got '" + pool + "'");
      }
      this.pool = pool;
      return this;
    }

    /** Sets how long an unreleased permit lives; longer than the slowest rung. Default {@link #DEFAULT_PERMIT_TTL}. */
    public Builder permitTtl(Duration ttl) {
      this.permitTtl = PostgresFleet.positive("permitTtl", ttl);
      return this;
    }

    /** Sets the heartbeat and flush interval; default {@link #DEFAULT_HEARTBEAT}. */
    public Builder heartbeat(Duration interval) {
      this.heartbeat = PostgresFleet.positive("heartbeat", interval);
      return this;
    }

    /** Sets how recent a heartbeat must be for an instance to count as live; default 30 s. */
    public Builder instanceTtl(Duration ttl) {
      this.instanceTtl = PostgresFleet.positive("instanceTtl", ttl);
      return this;
    }

    /** Sets how long a refused rung waits before asking again; default {@link #DEFAULT_RETRY}. */
    public Builder retryInterval(Duration interval) {
      this.retry = PostgresFleet.positive("retryInterval", interval);
      return this;
    }

    /** Sets the local audit queue's capacity; default {@link #DEFAULT_AUDIT_QUEUE}. */
    public Builder auditQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("auditQueueCapacity must be >= 1, got " + capacity);
      }
      this.auditQueueCapacity = capacity;
      return this;
    }

    /** Sets the clock that stamps audit entries; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Applies each new policy version with this callback (for example: parse, validate, register
     * with the guard). A version is reported as running once the callback returns; if it throws,
     * the instance keeps the version it had.
     */
    public Builder onPolicy(Consumer<PolicyDocument> apply) {
      this.onPolicy = requireNonNull(apply, "onPolicy");
      return this;
    }

    /** Whether {@link #start()} starts the background thread; default true. */
    public Builder background(boolean enabled) {
      this.background = enabled;
      return this;
    }

    /** Returns the coordinator (not started). */
    public FleetCoordinator build() {
      if (heartbeat.compareTo(permitTtl) >= 0) {
        throw new IllegalArgumentException("heartbeat " + heartbeat + " must be shorter than permitTtl " + permitTtl
            + ": held permits are renewed each heartbeat and would lapse in between");
      }
      return new FleetCoordinator(this);
    }
  }

}
