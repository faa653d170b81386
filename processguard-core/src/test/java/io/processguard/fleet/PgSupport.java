package io.processguard.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The real PostgreSQL the fleet tests run against: {@code PROCESSGUARD_TEST_PG_URL}, set by
 * {@code .ci/with-postgres.sh}. Missing: the tests fail when {@code CI} is set, else are skipped.
 */
final class PgSupport {
  static final String URL_VARIABLE = "PROCESSGUARD_TEST_PG_URL";
  static final String CTL_VARIABLE = "PROCESSGUARD_TEST_PG_CTL";

  private PgSupport() {}

  /** Returns the JDBC URL, or fails (CI) / skips (local) with a message saying how to get one. */
  static String url() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      String why = URL_VARIABLE + " is not set: run the fleet tests through .ci/with-postgres.sh, e.g. "
          + ".ci/with-postgres.sh mvn -B -pl processguard-core -Dtest='Postgres*' test";
      if (System.getenv("CI") != null) {
        fail(why + " (CI is set, so this is an error, not a skip)");
      }
      assumeTrue(false, why);
    }
    return url;
  }

  /** A small pool of real connections that drops broken ones (the database may be restarted). */
  static DataSource dataSource() {
    return new Pool(url() + (url().contains("?") ? "&" : "?") + "connectTimeout=2&socketTimeout=10");
  }

  /** Drops every ProcessGuard table and applies the migrations afresh. */
  static PostgresFleet freshSchema(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
    PostgresFleet pg = PostgresFleet.builder(ds).pollInterval(java.time.Duration.ofMillis(500)).build();
    assertThat(pg.migrate()).isEqualTo(1);
    return pg;
  }

  /** Runs the cluster helper of with-postgres.sh: {@code stop} or {@code start}. */
  static void pgctl(String command) throws Exception {
    String ctl = System.getenv(CTL_VARIABLE);
    if (ctl == null) {
      if (System.getenv("CI") != null) {
        fail(CTL_VARIABLE + " is not set; run through .ci/with-postgres.sh");
      }
      assumeTrue(false, CTL_VARIABLE + " is not set; run through .ci/with-postgres.sh");
    }
    Process p = new ProcessBuilder(ctl, command).inheritIO().start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("pgctl " + command + " finished").isTrue();
    assertThat(p.exitValue()).as("pgctl " + command + " exit code").isZero();
  }

  /** Keeps up to 16 idle connections; checks each before handing it out. */
  static final class Pool implements DataSource {
    private final String url;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();

    Pool(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c;
      while ((c = idle.pollFirst()) != null) {
        if (c.isValid(1)) {
          return wrap(c);
        }
        c.close();
      }
      return wrap(DriverManager.getConnection(url));
    }

    private Connection wrap(Connection real) throws SQLException {
      real.setAutoCommit(true);
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            if (method.getName().equals("close")) {
              if (!real.isClosed() && idle.size() < 16) {
                if (!real.getAutoCommit()) {
                  real.rollback();
                }
                idle.addLast(real);
              } else {
                real.close();
              }
              return null;
            }
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
              return method.invoke(real, args);
            }
            try {
              return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("credentials come from the URL");
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(System.err);
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
      // the URL's connectTimeout applies
    }

    @Override
    public int getLoginTimeout() {
      return 2;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
