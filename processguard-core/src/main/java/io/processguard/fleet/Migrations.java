package io.processguard.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the fleet schema: plain SQL files on the classpath, in order, each once, recorded in
 * {@code processguard_schema_version}. Instances starting together serialize on an advisory lock,
 * and each file runs in the same transaction as its version row (PostgreSQL DDL is transactional).
 */
final class Migrations {
  /** The migrations, in order: version, then resource name. Append only; never edit a shipped one. */
  static final List<String> FILES = List.of("V1__fleet.sql");

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final String LOCK = "processguard:schema";

  private Migrations() {}

  /** Applies what is missing; returns the schema version now in force. */
  static int apply(Jdbc jdbc) {
    return jdbc.tx("schema migration", c -> {
      Jdbc.advisoryLock(c, LOCK);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS processguard_schema_version (version int PRIMARY KEY, "
            + "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      }
      Set<Integer> applied = applied(c);
      int current = 0;
      for (String file : FILES) {
        int version = version(file);
        if (!applied.contains(version)) {
          run(c, file);
          Jdbc.update(c, "INSERT INTO processguard_schema_version (version, name) VALUES (?, ?)", version, file);
          LOG.info("fleet schema: applied {}", file);
        }
        current = version;
      }
      return current;
    });
  }

  private static Set<Integer> applied(Connection c) throws SQLException {
    Set<Integer> out = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM processguard_schema_version")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  static int version(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  private static void run(Connection c, String file) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String stmt : statements(read(file))) {
        s.execute(stmt);
      }
    }
  }

  /** Splits a script into statements: comment lines dropped, split at a semicolon ending a line. */
  static List<String> statements(String script) {
    StringBuilder clean = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(clean.toString().split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty())
        .toList();
  }

  private static String read(String file) {
    String path = "migrations/" + file;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("fleet migration " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fleet migration " + path, e);
    }
  }
}
