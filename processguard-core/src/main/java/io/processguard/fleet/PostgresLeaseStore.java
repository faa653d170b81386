package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leases, disruption slots and heartbeats in PostgreSQL. Every expiry is computed by the
 * database ({@code now()} / {@code clock_timestamp()}); tokens come from the sequence {@code
 * processguard_fencing_tokens}. A pool's slots are taken and ended under a transaction-scoped
 * advisory lock on the pool, so the count and the insert cannot interleave between instances.
 */
final class PostgresLeaseStore implements LeaseStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Long>> VERSIONS = new TypeReference<>() {};
  private static final String LEASE_COLUMNS = "name, holder, token, expires_at";

  private final Jdbc jdbc;
  private final Duration instanceTtl;

  PostgresLeaseStore(Jdbc jdbc, Duration instanceTtl) {
    this.jdbc = jdbc;
    this.instanceTtl = instanceTtl;
  }

  @Override
  public Optional<Lease> tryAcquire(String name, String holder, Duration ttl) {
    requireNonNull(name, "name");
    requireNonNull(holder, "holder");
    return jdbc.tx("acquire lease " + name, c -> lease(c, "INSERT INTO processguard_leases AS l "
        + "(name, holder, token, acquired_at, expires_at) VALUES (?, ?, nextval('processguard_fencing_tokens'), now(), "
        + "now() + make_interval(secs => ?)) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
        + "token = CASE WHEN l.holder = excluded.holder AND l.expires_at > now() THEN l.token ELSE excluded.token END, "
        + "acquired_at = CASE WHEN l.holder = excluded.holder AND l.expires_at > now() THEN l.acquired_at "
        + "ELSE excluded.acquired_at END, expires_at = excluded.expires_at "
        + "WHERE l.expires_at <= now() OR l.holder = excluded.holder RETURNING " + LEASE_COLUMNS,
        name, holder, Jdbc.seconds(ttl)));
  }

  @Override
  public Optional<Lease> renew(Lease lease, Duration ttl) {
    return jdbc.tx("renew lease " + lease.name(), c -> lease(c, "UPDATE processguard_leases SET expires_at = now() + "
        + "make_interval(secs => ?) WHERE name = ? AND token = ? AND expires_at > now() RETURNING " + LEASE_COLUMNS,
        Jdbc.seconds(ttl), lease.name(), lease.token()));
  }

  @Override
  public void release(Lease lease) {
    jdbc.tx("release lease " + lease.name(), c -> Jdbc.update(c,
        "DELETE FROM processguard_leases WHERE name = ? AND token = ?", lease.name(), lease.token()));
  }

  @Override
  public Optional<Lease> holder(String name) {
    return jdbc.tx("read lease " + name, c -> lease(c, "SELECT " + LEASE_COLUMNS
        + " FROM processguard_leases WHERE name = ? AND expires_at > now()", name));
  }

  @Override
  public boolean fencedWrite(String lease, long token, String key, String value) {
    return jdbc.tx("fenced write " + key, c -> {
      Optional<Lease> live = lease(c, "SELECT " + LEASE_COLUMNS
          + " FROM processguard_leases WHERE name = ? AND expires_at > clock_timestamp() FOR UPDATE", lease);
      if (live.isEmpty() || live.get().token() != token) {
        return false;
      }
      return Jdbc.update(c, "INSERT INTO processguard_fenced_state AS f (key, value, token, written_by) "
          + "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, token = excluded.token, "
          + "written_by = excluded.written_by, written_at = clock_timestamp() WHERE f.token <= excluded.token",
          key, value, token, live.get().holder()) == 1;
    });
  }

  @Override
  public Optional<String> fencedRead(String key) {
    return jdbc.tx("fenced read " + key, c -> {
      try (PreparedStatement ps = Jdbc.prepare(c, "SELECT value FROM processguard_fenced_state WHERE key = ?", key);
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
  }

  @Override
  public SlotResult tryAcquireSlot(String pool, String holder, String subject, DisruptionBudget budget,
      Duration ttl) {
    return jdbc.tx("acquire disruption slot in " + pool, c -> {
      Jdbc.advisoryLock(c, "processguard:slots:" + pool);
      Jdbc.update(c, "UPDATE processguard_slots SET end_event = nextval('processguard_slot_events'), "
          + "ended_at = expires_at, end_reason = 'expired' WHERE pool = ? AND end_event IS NULL "
          + "AND expires_at <= clock_timestamp()", pool);
      long active = Jdbc.queryLong(c, "SELECT count(*) FROM processguard_slots WHERE pool = ? AND end_event IS NULL", pool);
      int live = budget.maxFraction() == 0 ? 1 : (int) Jdbc.queryLong(c, "SELECT count(*) FROM processguard_instances "
          + "WHERE heartbeat_at > clock_timestamp() - make_interval(secs => ?)", Jdbc.seconds(instanceTtl));
      int limit = budget.limit(live);
      if (active >= limit) {
        return SlotResult.refused(String.format(Locale.ROOT, "%d of %d disruption slots of pool '%s' in use (%s)",
            active, limit, pool, budget.describe()));
      }
      long started = Jdbc.queryLong(c, "SELECT count(*) FROM processguard_slots WHERE pool = ? "
          + "AND acquired_at > clock_timestamp() - make_interval(secs => ?)", pool, Jdbc.seconds(budget.period()));
      if (started >= budget.maxStarts()) {
        return SlotResult.refused(String.format(Locale.ROOT, "%d disruptions of pool '%s' started within %s (max %d)",
            started, pool, budget.period(), budget.maxStarts()));
      }
      try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO processguard_slots (token, pool, holder, subject, "
          + "acquired_at, expires_at, start_event) VALUES (nextval('processguard_fencing_tokens'), ?, ?, ?, "
          + "clock_timestamp(), clock_timestamp() + make_interval(secs => ?), nextval('processguard_slot_events')) "
          + "RETURNING token, expires_at", pool, holder, subject, Jdbc.seconds(ttl)); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return SlotResult.granted(new DisruptionSlot(pool, holder, subject, rs.getLong(1), Jdbc.instant(rs, "expires_at")));
      }
    });
  }

  @Override
  public Optional<DisruptionSlot> renewSlot(DisruptionSlot slot, Duration ttl) {
    return jdbc.tx("renew disruption slot " + slot.token(), c -> {
      try (PreparedStatement ps = Jdbc.prepare(c, "UPDATE processguard_slots SET expires_at = clock_timestamp() + "
          + "make_interval(secs => ?) WHERE token = ? AND end_event IS NULL AND expires_at > clock_timestamp() "
          + "RETURNING pool, holder, subject, token, expires_at", Jdbc.seconds(ttl), slot.token());
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new DisruptionSlot(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getLong(4), Jdbc.instant(rs, "expires_at"))) : Optional.<DisruptionSlot>empty();
      }
    });
  }

  @Override
  public void releaseSlot(DisruptionSlot slot) {
    jdbc.tx("release disruption slot " + slot.token(), c -> {
      Jdbc.advisoryLock(c, "processguard:slots:" + slot.pool());
      return Jdbc.update(c, "UPDATE processguard_slots SET end_event = nextval('processguard_slot_events'), "
          + "ended_at = clock_timestamp(), end_reason = 'released' WHERE token = ? AND end_event IS NULL", slot.token());
    });
  }

  @Override
  public List<DisruptionSlot> activeSlots(String pool) {
    return jdbc.tx("list disruption slots of " + pool, c -> {
      List<DisruptionSlot> out = new ArrayList<>();
      try (PreparedStatement ps = Jdbc.prepare(c, "SELECT pool, holder, subject, token, expires_at FROM processguard_slots "
          + "WHERE pool = ? AND end_event IS NULL AND expires_at > clock_timestamp() ORDER BY token", pool);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DisruptionSlot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
              Jdbc.instant(rs, "expires_at")));
        }
      }
      return out;
    });
  }

  @Override
  public void heartbeat(String instanceId, Map<String, Long> policyVersions) {
    String versions = JSON.writeValueAsString(new java.util.TreeMap<>(policyVersions));
    jdbc.tx("heartbeat " + instanceId, c -> Jdbc.update(c, "INSERT INTO processguard_instances AS i (instance_id, "
        + "policy_versions) VALUES (?, ?) ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = clock_timestamp(), "
        + "policy_versions = excluded.policy_versions", instanceId, versions));
  }

  @Override
  public List<InstanceReport> liveInstances(Duration within) {
    return jdbc.tx("list instances", c -> {
      List<InstanceReport> out = new ArrayList<>();
      try (PreparedStatement ps = Jdbc.prepare(c, "SELECT instance_id, policy_versions, heartbeat_at FROM "
          + "processguard_instances WHERE heartbeat_at > clock_timestamp() - make_interval(secs => ?) ORDER BY instance_id",
          Jdbc.seconds(within)); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new InstanceReport(rs.getString(1), JSON.readValue(rs.getString(2), VERSIONS),
              Jdbc.instant(rs, "heartbeat_at")));
        }
      }
      return out;
    });
  }

  private static Optional<Lease> lease(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = Jdbc.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new Lease(rs.getString("name"), rs.getString("holder"), rs.getLong("token"),
          Jdbc.instant(rs, "expires_at"))) : Optional.empty();
    }
  }
}
