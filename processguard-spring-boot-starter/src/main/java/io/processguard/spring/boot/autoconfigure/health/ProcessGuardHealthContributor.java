package io.processguard.spring.boot.autoconfigure.health;

import static java.util.Objects.requireNonNull;

import io.processguard.ProcessGuard;
import io.processguard.target.TargetState;
import io.processguard.target.TargetStatus;
import io.processguard.target.Tier;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code processguard} health contributor: one child per target, each read from the guard's
 * latest snapshot, so a health request never runs a probe. Targets registered later appear at
 * once.
 *
 * <p>Tier-aware: a failing or quarantined target reports the status its tier maps to (by default
 * critical and high DOWN, medium DEGRADED, low UP with details); a degraded or recovering target
 * reports DEGRADED (UP for tiers that never fail the instance). Thread-safe.
 */
public final class ProcessGuardHealthContributor implements CompositeHealthContributor {
  private final ProcessGuard guard;
  private final Map<Tier, Status> failing = new EnumMap<>(Tier.class);
  private final Status degraded;

  /** Creates the contributor with the per-tier mapping of the properties. */
  public ProcessGuardHealthContributor(ProcessGuard guard, ProcessGuardHealthProperties properties) {
    this.guard = requireNonNull(guard, "guard");
    for (Tier tier : Tier.values()) {
      String code = properties.getFailingStatus().get(tier);
      failing.put(tier, new Status(code == null ? Status.DOWN.getCode() : code));
    }
    this.degraded = new Status(properties.getDegradedStatus());
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    return guard.status(name).isPresent() ? indicator(name) : null;
  }

  @Override
  public Stream<Entry> stream() {
    return guard.snapshot().inventory().stream().map(s -> new Entry(s.name(), indicator(s.name())));
  }

  private HealthIndicator indicator(String name) {
    return () -> guard.status(name).map(this::health).orElseGet(() -> Health.unknown().build());
  }

  /** Returns the health of one target's status. */
  public Health health(TargetStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", status.state().name());
    details.put("tier", status.target().tier().name());
    details.put("reason", status.reason());
    details.put("since", status.since().toString());
    details.put("ready", status.ready());
    details.put("breached", status.breached());
    details.put("values", status.values());
    return Health.status(status(status)).withDetails(details).build();
  }

  private Status status(TargetStatus status) {
    TargetState state = status.state();
    Status whenFailing = failing.get(status.target().tier());
    if (state.isBad()) {
      return whenFailing;
    }
    if (state == TargetState.DEGRADED || state == TargetState.RECOVERING) {
      return Status.UP.equals(whenFailing) ? Status.UP : degraded;
    }
    return state == TargetState.HEALTHY ? Status.UP : Status.UNKNOWN;
  }
}
