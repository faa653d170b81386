package io.processguard.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a guard reads its policy documents from, polled for new versions: a directory (every
 * {@code *.yaml}, {@code *.yml} and {@code *.json}) or a URL. A version is identified by the
 * SHA-256 of the bytes fetched ({@link PolicyFile#sha256}). Implementations are thread-safe.
 */
public interface PolicySource {

  /** Default timeout of a URL fetch: 10 seconds. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Names the source for events and problems. */
  String describe();

  /** Fetches the current content; throws when it cannot be read. */
  List<PolicyFile> fetch() throws IOException;

  /** Returns a source reading every policy file of the directory, sorted by name. */
  static PolicySource directory(Path dir) {
    return new DirectorySource(requireNonNull(dir, "dir"));
  }

  /** Returns a source reading one document from an http(s) URL, with the default timeout. */
  static PolicySource url(URI uri) {
    return url(uri, HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build(), DEFAULT_TIMEOUT);
  }

  /** Returns a source reading one document from an http(s) URL with the given client. */
  static PolicySource url(URI uri, HttpClient client, Duration timeout) {
    return new UrlSource(uri, client, timeout);
  }
}
