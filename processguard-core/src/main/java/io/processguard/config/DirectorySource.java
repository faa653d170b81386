package io.processguard.config;

import io.processguard.validation.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A directory of policy documents. Thread-safe: each fetch reads afresh. */
final class DirectorySource implements PolicySource {
  private final Path dir;

  DirectorySource(Path dir) {
    this.dir = dir;
  }

  @Override
  public String describe() {
    return dir.toString();
  }

  @Override
  public List<PolicyFile> fetch() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    List<Problem> problems = new ArrayList<>();
    List<PolicyFile> files = PolicyLoader.read(List.of(dir), problems);
    if (!problems.isEmpty()) {
      throw new IOException(problems.get(0).toString());
    }
    return files;
  }
}
