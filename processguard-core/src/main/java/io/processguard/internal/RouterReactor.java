package io.processguard.internal;

import io.processguard.alert.AlertRouter;
import io.processguard.alert.Notification;
import io.processguard.condition.Transition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connects an {@link AlertRouter} to a guard: each router channel becomes a notifier that
 * policies can name (it submits to the router, tagged for that channel), and the engine's cycle
 * moves the router's clock (grace periods, reminders, silences).
 */
public final class RouterReactor implements Reactor {
  private final AlertRouter router;

  /** Registers the router's channels as notifiers and attaches to the engine. */
  public RouterReactor(Engine engine, Components components, AlertRouter router) {
    this.router = router;
    for (String channel : router.channels()) {
      components.notifier(channel, n -> router.submit(tagged(n, channel)));
    }
    engine.addReactor(this);
  }

  private static Notification tagged(Notification n, String channel) {
    Map<String, String> tags = new LinkedHashMap<>(n.tags());
    tags.put(Notification.CHANNEL_TAG, channel);
    return new Notification(n.dedupKey(), n.kind(), n.severity(), n.target(), n.tier(), n.rto(), n.summary(),
        n.detail(), n.signals(), n.thresholds(), n.actions(), n.runbook(), n.remediation(), n.incidentId(),
        n.timestamp(), tags);
  }

  @Override
  public void onTransition(TargetRuntime target, ConditionRuntime condition, Transition transition, long nowNanos) {
    // The router hears of incidents through the notifications the recovery engine sends.
  }

  @Override
  public void onTick(long nowNanos) {
    Guarded.run("alert router", router::tick);
  }

  @Override
  public long nextWakeNanos() {
    return router.nextWakeNanos().orElse(Long.MAX_VALUE);
  }
}
