package io.processguard.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads {@link DrillReport}s: JSON (Jackson) for machines, and one self-contained HTML
 * page (inline SVG charts, no scripts, no external fonts) for people.
 *
 * <p>Stateless and thread-safe.
 */
public final class DrillReports {
  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final TypeReference<List<DrillReport>> LIST = new TypeReference<>() {};

  private DrillReports() {}

  /** Returns the report as JSON. */
  public static String toJson(DrillReport report) {
    return MAPPER.writeValueAsString(requireNonNull(report, "report"));
  }

  /** Returns the reports as a JSON array. */
  public static String toJson(List<DrillReport> reports) {
    return MAPPER.writeValueAsString(List.copyOf(reports));
  }

  /** Reads a report from JSON; throws {@link IllegalArgumentException} naming the problem. */
  public static DrillReport fromJson(String json) {
    try {
      return MAPPER.readValue(json, DrillReport.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a drill report: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a JSON array of reports; throws {@link IllegalArgumentException} naming the problem. */
  public static List<DrillReport> listFromJson(String json) {
    try {
      return MAPPER.readValue(json, LIST);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a list of drill reports: " + e.getOriginalMessage(), e);
    }
  }

  /** Returns one HTML page showing every report: a summary table, then a chart and timeline per drill. */
  public static String html(List<DrillReport> reports) {
    return HtmlReport.render(List.copyOf(reports));
  }

  /** Writes {@link #html(List)} to {@code file}, creating its directory; returns the file. */
  public static Path writeHtml(List<DrillReport> reports, Path file) {
    return write(file, html(reports));
  }

  /** Writes {@link #toJson(List)} to {@code file}, creating its directory; returns the file. */
  public static Path writeJson(List<DrillReport> reports, Path file) {
    return write(file, toJson(reports));
  }

  private static Path write(Path file, String text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write drill report to " + file, e);
    }
  }
}
