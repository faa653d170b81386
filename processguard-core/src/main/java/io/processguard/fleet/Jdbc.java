package io.processguard.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Runs units of JDBC work in a transaction; turns SQL failures into {@link FleetStoreException}. */
final class Jdbc {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Jdbc.class);

  /** One unit of work on a connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs the work in one transaction; runtime exceptions from the work pass through after rollback. */
  <T> T tx(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw new FleetStoreException("fleet store: " + operation + " failed: " + e.getMessage(), e);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is broken; the original failure is what matters and is rethrown.
      LOG.debug("rollback failed: {}", e.toString());
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      ps.setObject(i + 1, a instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : a);
    }
    return ps;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      return ps.executeUpdate();
    }
  }

  static long queryLong(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t.toInstant();
  }

  static void advisoryLock(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT pg_advisory_xact_lock(hashtext(?))", key);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
    }
  }

  static double seconds(java.time.Duration d) {
    return d.toNanos() / 1e9;
  }
}
