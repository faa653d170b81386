package io.processguard.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One policy document at an http(s) URL, fetched with the JDK client. YAML reads JSON too, so
 * the content type does not matter. Thread-safe.
 */
final class UrlSource implements PolicySource {
  private final URI uri;
  private final HttpClient client;
  private final Duration timeout;

  UrlSource(URI uri, HttpClient client, Duration timeout) {
    this.uri = requireNonNull(uri, "uri");
    this.client = requireNonNull(client, "client");
    this.timeout = requireNonNull(timeout, "timeout");
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("policy source URL must be http(s), got '" + uri + "'");
    }
  }

  @Override
  public String describe() {
    return uri.toString();
  }

  @Override
  public List<PolicyFile> fetch() throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " returned HTTP " + response.statusCode());
    }
    return List.of(new PolicyFile(uri.toString(), response.body()));
  }
}
