package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy documents in {@code processguard_policies}. A publish sends {@code NOTIFY
 * processguard_policy} in its transaction; subscribers are fed by one watcher thread ({@code
 * processguard-fleet-policies}) that waits for notifications on a dedicated connection and polls
 * every {@code pollInterval} regardless, so a missed notification (a dropped connection, a driver
 * without notification support) delays a change by at most {@code pollInterval}.
 *
 * <p>Notifications are read through the PostgreSQL driver's {@code PGConnection.getNotifications(int)}
 * found by reflection: core has no compile-time dependency on any driver; without it, polling alone
 * serves.
 */
final class PostgresPolicyStore implements PolicyStore {
  static final String CHANNEL = "processguard_policy";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPolicyStore.class);
  private static final String COLUMNS = "name, version, content, sha256";

  private final Jdbc jdbc;
  private final Duration pollInterval;
  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  private @Nullable Thread watcher;

  PostgresPolicyStore(Jdbc jdbc, Duration pollInterval) {
    this.jdbc = jdbc;
    this.pollInterval = pollInterval;
  }

  @Override
  public PolicyDocument publish(PolicyDocument d) {
    requireNonNull(d, "document");
    return jdbc.tx("publish policy " + d.name(), c -> {
      Jdbc.advisoryLock(c, "processguard:policy:" + d.name());
      long latest = Jdbc.queryLong(c, "SELECT coalesce(max(version), 0) FROM processguard_policies WHERE name = ?", d.name());
      if (latest >= d.version()) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "policy '%s' version %d not published: version %d is already published", d.name(), d.version(), latest));
      }
      Jdbc.update(c, "INSERT INTO processguard_policies (name, version, content, sha256) VALUES (?, ?, ?, ?)",
          d.name(), d.version(), d.content(), d.sha256());
      try (PreparedStatement ps = Jdbc.prepare(c, "SELECT pg_notify(?, ?)", CHANNEL, d.name() + ":" + d.version())) {
        ps.execute();
      }
      return d;
    });
  }

  @Override
  public Optional<PolicyDocument> latest(String name) {
    List<PolicyDocument> l = jdbc.tx("read policy " + name, c -> query(c, "SELECT " + COLUMNS
        + " FROM processguard_policies WHERE name = ? ORDER BY version DESC LIMIT 1", name));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  @Override
  public List<PolicyDocument> latestAll() {
    return jdbc.tx("read policies", c -> query(c, "SELECT DISTINCT ON (name) " + COLUMNS
        + " FROM processguard_policies ORDER BY name, version DESC"));
  }

  @Override
  public synchronized Subscription subscribe(Consumer<PolicyDocument> listener) {
    Sub sub = new Sub(requireNonNull(listener, "listener"));
    subs.add(sub);
    try {
      sub.offer(latestAll());
    } catch (FleetStoreException e) {
      LOG.warn("policy store unavailable at subscribe; the watcher will deliver when it returns: {}", e.getMessage());
    }
    if (watcher == null) {
      Thread t = new Thread(this::watch, "processguard-fleet-policies");
      t.setDaemon(true);
      watcher = t;
      t.start();
    }
    return () -> unsubscribe(sub);
  }

  private synchronized void unsubscribe(Sub sub) {
    subs.remove(sub);
    if (subs.isEmpty() && watcher != null) {
      watcher.interrupt();
      watcher = null;
    }
  }

  /** The watcher loop: never dies; reconnects after a failure, one poll interval later. */
  private void watch() {
    Thread self = Thread.currentThread();
    while (!self.isInterrupted()) {
      try (Connection c = jdbc.dataSource().getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        Method wait = notificationReader(c);
        long nextPoll = 0;
        while (!self.isInterrupted()) {
          boolean notified = wait != null && awaitNotification(c, wait);
          if (notified || System.nanoTime() >= nextPoll) {
            refresh();
            nextPoll = System.nanoTime() + pollInterval.toNanos();
          }
          if (wait == null) {
            Thread.sleep(Math.max(1, pollInterval.toMillis()));
          }
        }
      } catch (InterruptedException e) {
        self.interrupt();
      } catch (SQLException | FleetStoreException e) {
        LOG.warn("policy watcher lost the database, retrying in {}: {}", pollInterval, e.getMessage());
        sleepQuietly(pollInterval);
      }
    }
  }

  private void refresh() {
    List<PolicyDocument> docs = latestAll();
    for (Sub s : subs) {
      s.offer(docs);
    }
  }

  private @Nullable Method notificationReader(Connection c) {
    try {
      Class<?> pg = driverClass("org.postgresql.PGConnection", c);
      if (!c.isWrapperFor(pg)) {
        return null;
      }
      return pg.getMethod("getNotifications", int.class);
    } catch (ReflectiveOperationException | SQLException e) {
      LOG.info("policy changes are polled every {} (no LISTEN/NOTIFY support: {})", pollInterval, e.toString());
      return null;
    }
  }

  private static Class<?> driverClass(String name, Connection c) throws ClassNotFoundException {
    for (ClassLoader l : new ClassLoader[] {c.getClass().getClassLoader(), Thread.currentThread().getContextClassLoader(),
        PostgresPolicyStore.class.getClassLoader()}) {
      try {
        return Class.forName(name, false, l);
      } catch (ClassNotFoundException e) {
        LOG.trace("{} not visible from {}", name, l);
      }
    }
    throw new ClassNotFoundException(name);
  }

  private boolean awaitNotification(Connection c, Method wait) throws SQLException {
    Class<?> pg = wait.getDeclaringClass();
    int millis = (int) Math.max(1, Math.min(pollInterval.toMillis(), 500));
    try {
      Object[] got = (Object[]) wait.invoke(c.unwrap(pg), millis);
      return got != null && got.length > 0;
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("reading notifications failed: " + e, e);
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<PolicyDocument> query(Connection c, String sql, Object... args) throws SQLException {
    List<PolicyDocument> out = new ArrayList<>();
    try (PreparedStatement ps = Jdbc.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new PolicyDocument(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
      }
    }
    return out;
  }

  /** One subscriber and the versions it was given. */
  private static final class Sub {
    final Consumer<PolicyDocument> listener;
    final Map<String, Long> given = new HashMap<>();

    Sub(Consumer<PolicyDocument> listener) {
      this.listener = listener;
    }

    synchronized void offer(List<PolicyDocument> docs) {
      for (PolicyDocument d : docs) {
        if (given.getOrDefault(d.name(), 0L) < d.version()) {
          given.put(d.name(), d.version());
          Listeners.call(listener, d);
        }
      }
    }
  }
}
