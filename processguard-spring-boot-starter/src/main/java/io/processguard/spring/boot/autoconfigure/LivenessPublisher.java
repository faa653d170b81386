package io.processguard.spring.boot.autoconfigure;

import static java.util.Objects.requireNonNull;

import io.processguard.event.GuardEvent;
import io.processguard.event.GuardEventListener;
import io.processguard.target.TargetEvent;
import io.processguard.target.TargetState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Bridges ProcessGuard's give-up to the platform's: when a liveness target
 * ({@code processguard.targets.NAME.liveness=true}) becomes QUARANTINED (its restart budget is
 * spent and it is still failing, so the process cannot heal itself), publishes {@link
 * LivenessState#BROKEN} so that the orchestrator restarts the whole instance; when no liveness
 * target is quarantined any more, {@link LivenessState#CORRECT}. Targets are not liveness
 * targets by default: restarting a whole instance is the bigger hammer.
 *
 * <p>Thread-safe; called on the guard's scheduler thread, and publishing is quick.
 */
public final class LivenessPublisher implements GuardEventListener {
  private final ApplicationEventPublisher publisher;
  private final Set<String> included;
  private final Set<String> broken = ConcurrentHashMap.newKeySet();

  /** Creates a publisher for the {@code included} targets. */
  public LivenessPublisher(ApplicationEventPublisher publisher, Set<String> included) {
    this.publisher = requireNonNull(publisher, "publisher");
    this.included = Set.copyOf(included);
  }

  @Override
  public void onEvent(GuardEvent event) {
    if (!(event instanceof TargetEvent.StateChanged e) || !included.contains(e.target())) {
      return;
    }
    synchronized (broken) {
      boolean wasCorrect = broken.isEmpty();
      if (e.to() == TargetState.QUARANTINED) {
        broken.add(e.target());
      } else {
        broken.remove(e.target());
      }
      if (wasCorrect != broken.isEmpty()) {
        AvailabilityChangeEvent.publish(publisher, this, broken.isEmpty() ? LivenessState.CORRECT : LivenessState.BROKEN);
      }
    }
  }

  /** Returns the liveness targets quarantined now. */
  public Set<String> brokenTargets() {
    return Set.copyOf(broken);
  }
}
