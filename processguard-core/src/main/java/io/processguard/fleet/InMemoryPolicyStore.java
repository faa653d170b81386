package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Policy documents in memory; listeners are called on the publisher's thread. Thread-safe by one lock. */
final class InMemoryPolicyStore implements PolicyStore {
  private final Map<String, PolicyDocument> latest = new TreeMap<>();
  private final List<Consumer<PolicyDocument>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public PolicyDocument publish(PolicyDocument document) {
    requireNonNull(document, "document");
    synchronized (this) {
      PolicyDocument old = latest.get(document.name());
      if (old != null && old.version() >= document.version()) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "policy '%s' version %d not published: version %d is already published",
            document.name(), document.version(), old.version()));
      }
      latest.put(document.name(), document);
    }
    listeners.forEach(l -> Listeners.call(l, document));
    return document;
  }

  @Override
  public synchronized Optional<PolicyDocument> latest(String name) {
    return Optional.ofNullable(latest.get(requireNonNull(name, "name")));
  }

  @Override
  public synchronized List<PolicyDocument> latestAll() {
    return new ArrayList<>(latest.values());
  }

  @Override
  public Subscription subscribe(Consumer<PolicyDocument> listener) {
    requireNonNull(listener, "listener");
    listeners.add(listener);
    latestAll().forEach(d -> Listeners.call(listener, d));
    return () -> listeners.remove(listener);
  }
}
