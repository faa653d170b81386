package io.processguard.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP server on 127.0.0.1 that records requests and answers with queued responses. */
final class LoopbackServer implements AutoCloseable {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** One request as received. */
  record Request(String method, String path, String query, Map<String, List<String>> headers,
      byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null ? null : v.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return MAPPER.readTree(body);
    }
  }

  /** One canned response. */
  record Response(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "loopback-server");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Response fallback = new Response(200, Map.of(), "ok");

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
      Response r = responses.poll();
      if (r == null) {
        r = fallback;
      }
      r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  /** Queues a response for the next request. */
  LoopbackServer respond(int status, String body) {
    responses.add(new Response(status, Map.of(), body));
    return this;
  }

  /** Queues a response with headers for the next request. */
  LoopbackServer respond(int status, Map<String, String> headers, String body) {
    responses.add(new Response(status, headers, body));
    return this;
  }

  /** Sets the response once the queue is empty. */
  LoopbackServer otherwise(int status, String body) {
    fallback = new Response(status, Map.of(), body);
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
