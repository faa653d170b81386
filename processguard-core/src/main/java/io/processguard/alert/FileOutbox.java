package io.processguard.alert;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A channel's outbox kept in a JSON Lines file, so that notifications not yet delivered survive a
 * restart. Each line is {@code {"op":"enqueue","id":..,"notification":{..}}} or {@code
 * {"op":"done","id":..,"outcome":..}}; opening the file replays the enqueued lines without a done
 * line and rewrites the file with only those. Lines are flushed to the operating system, not
 * forced to disk. A line that does not parse (a torn last write) is skipped with a warning.
 *
 * <p>Thread-safe (synchronized); writes are small appends.
 */
final class FileOutbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class);

  /** One notification waiting in the outbox, with an id unique in this file. */
  record Entry(String id, Notification notification) {}

  private final Path file;
  private final JsonMapper mapper;
  private final List<Entry> replayed;
  private BufferedWriter writer;
  private int pending;

  private FileOutbox(Path file, JsonMapper mapper, List<Entry> replayed, BufferedWriter writer) {
    this.file = file;
    this.mapper = mapper;
    this.replayed = replayed;
    this.writer = writer;
    this.pending = replayed.size();
  }

  /** Opens (or creates) {@code <directory>/<channel>.outbox.jsonl} and reads what is pending. */
  static FileOutbox open(Path directory, String channel, JsonMapper mapper) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(channel + ".outbox.jsonl");
    List<Entry> pending = Files.exists(file) ? read(file, mapper) : List.of();
    Path tmp = directory.resolve(channel + ".outbox.jsonl.tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Entry e : pending) {
        w.write(enqueueLine(mapper, e));
        w.newLine();
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    return new FileOutbox(file, mapper, pending, writer);
  }

  /** Returns the entries that were pending when the file was opened, oldest first. */
  List<Entry> replayed() {
    return replayed;
  }

  /** Records a notification as waiting. */
  synchronized void enqueued(Entry entry) {
    pending++;
    append(enqueueLine(mapper, entry));
  }

  /** Records a notification as done (delivered, rejected, exhausted or dropped). */
  synchronized void done(String id, DeliveryOutcome outcome) {
    pending = Math.max(0, pending - 1);
    if (pending == 0) {
      truncate();
      return;
    }
    ObjectNode line = mapper.createObjectNode().put("op", "done").put("id", id)
        .put("outcome", outcome.name());
    append(mapper.writeValueAsString(line));
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      LOG.warn("outbox file {} did not close: {}", file, e.toString());
    }
  }

  private void append(String line) {
    try {
      writer.write(line);
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      LOG.warn("outbox file {} not written: {}", file, e.toString());
    }
  }

  private void truncate() {
    try {
      writer.close();
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOG.warn("outbox file {} not truncated: {}", file, e.toString());
    }
  }

  private static String enqueueLine(JsonMapper mapper, Entry e) {
    ObjectNode line = mapper.createObjectNode().put("op", "enqueue").put("id", e.id());
    line.set("notification", mapper.valueToTree(e.notification()));
    return mapper.writeValueAsString(line);
  }

  private static List<Entry> read(Path file, JsonMapper mapper) throws IOException {
    Map<String, Entry> pending = new LinkedHashMap<>();
    int lineNo = 0;
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lineNo++;
        if (!line.isBlank()) {
          readLine(file, mapper, pending, lineNo, line);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new ArrayList<>(pending.values());
  }

  private static void readLine(Path file, JsonMapper mapper, Map<String, Entry> pending,
      int lineNo, String line) {
    try {
      JsonNode node = mapper.readTree(line);
      String id = node.path("id").asString();
      if ("done".equals(node.path("op").asString())) {
        pending.remove(id);
      } else if (node.hasNonNull("notification") && !id.isEmpty()) {
        Notification n = mapper.treeToValue(node.get("notification"), Notification.class);
        pending.put(id, new Entry(id, n));
      } else {
        LOG.warn("outbox file {} line {} skipped: no id or notification", file, lineNo);
      }
    } catch (JacksonException | IllegalArgumentException e) {
      LOG.warn("outbox file {} line {} skipped: {}", file, lineNo, e.toString());
    }
  }
}
