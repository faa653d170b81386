package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import io.processguard.audit.AuditKey;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The PostgreSQL implementations of the fleet SPIs over one {@link DataSource} (plain JDBC;
 * bring the driver and, ideally, a connection pool). {@link #migrate()} creates or upgrades the
 * schema; call it once at start-up from every instance (concurrent calls are safe).
 *
 * <pre>{@code
 * PostgresFleet pg = PostgresFleet.builder(dataSource).build();
 * pg.migrate();
 * FleetCoordinator fleet = pg.coordinator("checkout-7f9c", auditKey)
 *     .disruptionBudget(DisruptionBudget.of(2)).build().start();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the stores it returns are thread-safe.
 */
public final class PostgresFleet {
  /** Default polling interval for policy changes, the bound on a missed notification's delay: 10 s. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
  /** Default window in which an instance counts as live for percentage budgets: 30 s. */
  public static final Duration DEFAULT_INSTANCE_TTL = Duration.ofSeconds(30);

  private final Jdbc jdbc;
  private final Duration pollInterval;
  private final Duration instanceTtl;

  private PostgresFleet(Builder b) {
    this.jdbc = new Jdbc(b.dataSource);
    this.pollInterval = b.pollInterval;
    this.instanceTtl = b.instanceTtl;
  }

  /** Starts a builder over the data source. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(requireNonNull(dataSource, "dataSource"));
  }

  /** Returns the fleet over the data source with the defaults. */
  public static PostgresFleet of(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** Applies missing schema migrations; returns the schema version in force. */
  public int migrate() {
    return Migrations.apply(jdbc);
  }

  /** Returns the policy store. */
  public PolicyStore policyStore() {
    return new PostgresPolicyStore(jdbc, pollInterval);
  }

  /** Returns the approval store. */
  public ApprovalStore approvalStore() {
    return new PostgresApprovalStore(jdbc);
  }

  /** Returns the fleet audit trail, sealed with the key (every instance must use the same key). */
  public AuditSink auditSink(AuditKey key) {
    return new PostgresAuditSink(jdbc, requireNonNull(key, "key"));
  }

  /** Returns the lease store. */
  public LeaseStore leaseStore() {
    return new PostgresLeaseStore(jdbc, instanceTtl);
  }

  /** Returns a coordinator builder for this instance with all four stores set to PostgreSQL. */
  public FleetCoordinator.Builder coordinator(String instanceId, AuditKey key) {
    return FleetCoordinator.builder(instanceId).policies(policyStore()).approvals(approvalStore())
        .audit(auditSink(key)).leases(leaseStore()).instanceTtl(instanceTtl);
  }

  /** Builds a {@link PostgresFleet}; not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration instanceTtl = DEFAULT_INSTANCE_TTL;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /** Sets how often policies are polled besides notifications; default {@link #DEFAULT_POLL_INTERVAL}. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive("pollInterval", interval);
      return this;
    }

    /** Sets how recent a heartbeat must be for an instance to count as live; default {@link #DEFAULT_INSTANCE_TTL}. */
    public Builder instanceTtl(Duration ttl) {
      this.instanceTtl = positive("instanceTtl", ttl);
      return this;
    }

    /** Returns the fleet. */
    public PostgresFleet build() {
      return new PostgresFleet(this);
    }
  }

  static Duration positive(String name, Duration d) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }
}
