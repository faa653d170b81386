package io.processguard.fleet;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Versioned policy documents shared by a fleet: published once, read by every instance.
 *
 * <p>Implementations are thread-safe. Listeners run on the store's own thread (or the
 * publisher's, in memory) and must not block or throw; a listener that throws is logged and
 * skipped. Technical failures throw {@link FleetStoreException}.
 */
public interface PolicyStore {
  /**
   * Publishes a new version and notifies subscribers (fleet-wide).
   *
   * @throws IllegalStateException when the version is not above the latest one of that name
   */
  PolicyDocument publish(PolicyDocument document);

  /** Publishes {@code content} as version {@code version} of {@code name}, with its hash checked. */
  default PolicyDocument publish(String name, long version, String content, String sha256) {
    return publish(new PolicyDocument(name, version, content, sha256));
  }

  /** Returns the latest version of a name, if any was published. */
  Optional<PolicyDocument> latest(String name);

  /** Returns the latest version of every name, by name. */
  List<PolicyDocument> latestAll();

  /**
   * Calls the listener with every version newer than what it was last given, first with the
   * latest version of each name at once. Returns a handle that stops the calls.
   */
  Subscription subscribe(Consumer<PolicyDocument> listener);

  /** Returns a store in this JVM's memory: the embedded default. */
  static PolicyStore inMemory() {
    return new InMemoryPolicyStore();
  }

  /** Stops a subscription; idempotent. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
