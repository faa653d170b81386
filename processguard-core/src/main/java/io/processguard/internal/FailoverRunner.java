package io.processguard.internal;

import io.processguard.recovery.Failover;
import io.processguard.recovery.FencingToken;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs failovers: one at a time per component (a lock each), pre-checks first, fence before
 * promote, nothing promoted when a check or the fence fails. This ordering, not the component,
 * is what keeps "never two primaries" when several triggers race.
 */
final class FailoverRunner {
  private final Map<Failover, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Function<String, java.util.Optional<TargetStatus>> status;

  FailoverRunner(Function<String, java.util.Optional<TargetStatus>> status) {
    this.status = status;
  }

  /**
   * Fails over, promoting under {@code token} when the guard holds a fleet leader lease; returns
   * what happened in words; throws when it did not promote.
   */
  String run(Failover failover, java.util.Optional<FencingToken> token) throws Exception {
    ReentrantLock lock = locks.computeIfAbsent(failover, f -> new ReentrantLock());
    lock.lockInterruptibly();
    try {
      String old = failover.primary();
      Failover.Candidate c = failover.candidate();
      if (!c.eligible()) {
        throw new IllegalStateException("standby " + c.node() + " is not eligible: " + c.reason());
      }
      if (c.node().equals(old)) {
        throw new IllegalStateException("candidate " + c.node() + " is already the primary");
      }
      if (c.target().isPresent()) {
        String t = c.target().get();
        TargetState state = status.apply(t).map(TargetStatus::state).orElse(TargetState.UNKNOWN);
        if (state != TargetState.HEALTHY) {
          throw new IllegalStateException("standby target '" + t + "' is " + state + ", not HEALTHY");
        }
      }
      failover.fence(old);
      if (token.isPresent()) {
        failover.promote(c.node(), token.get());
      } else {
        failover.promote(c.node());
      }
      return "fenced " + old + ", promoted " + c.node() + " (" + c.reason() + ")";
    } finally {
      lock.unlock();
    }
  }
}
