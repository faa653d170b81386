package io.processguard.spring.boot.autoconfigure;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.recovery.RecoveryEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Bridges a target's readiness to the application's: publishes {@link
 * ReadinessState#REFUSING_TRAFFIC} when the first readiness target is marked unready, and {@link
 * ReadinessState#ACCEPTING_TRAFFIC} when the last one is ready again. Targets whose {@code
 * processguard.targets.NAME.readiness} is false are ignored; every other target counts, including
 * those registered in Java.
 *
 * <p>Thread-safe; called on the guard's scheduler thread, and publishing is quick.
 */
public final class ReadinessPublisher implements GuardEventListener {
  private final ApplicationEventPublisher publisher;
  private final Set<String> excluded;
  private final Set<String> unready = ConcurrentHashMap.newKeySet();

  /** Creates a publisher that ignores the {@code excluded} targets. */
  public ReadinessPublisher(ApplicationEventPublisher publisher, Set<String> excluded) {
    this.publisher = requireNonNull(publisher, "publisher");
    this.excluded = Set.copyOf(excluded);
  }

  @Override
  public void onEvent(GuardEvent event) {
    if (!(event instanceof RecoveryEvent.ReadinessChanged e) || excluded.contains(e.target())) {
      return;
    }
    synchronized (unready) {
      boolean wasReady = unready.isEmpty();
      if (e.ready()) {
        unready.remove(e.target());
      } else {
        unready.add(e.target());
      }
      if (wasReady != unready.isEmpty()) {
        AvailabilityChangeEvent.publish(publisher, this,
            unready.isEmpty() ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
      }
    }
  }

  /** Returns the readiness targets marked unready now. */
  public Set<String> unreadyTargets() {
    return Set.copyOf(unready);
  }
}
