package io.processguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.alert.Notification;
import io.processguard.event.GuardEvent;
import io.processguard.policy.ActionType;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.probe.Sample;
import io.processguard.recovery.RecoveryEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyReloaderTest {
  private final ManualTicker time = new ManualTicker();
  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  private final List<Notification> pages = new CopyOnWriteArrayList<>();
  private final MemorySource source = new MemorySource();
  private ProcessGuard guard;
  private PolicyReloader reloader;

  /** A source whose content the test sets. */
  static final class MemorySource implements PolicySource {
    final AtomicReference<String> text = new AtomicReference<>("");

    @Override
    public String describe() {
      return "memory.yaml";
    }

    @Override
    public List<PolicyFile> fetch() {
      return List.of(PolicyFile.of("memory.yaml", text.get()));
    }
  }

  /** Two targets whose signal flips bad/good every sample, and one policy each. */
  static String doc(String revision, int budget, String mode, String rollout) {
    return """
        processguard: 1
        revision: "%s"
        flags:
          alerts: {disables: [alert]}
        targets:
          a:
            probes: {flip-a: {interval: 1s}}
            conditions: {bad: {when: {signal: s, above: 5}}}
          b:
            probes: {flip-b: {interval: 1s}}
            conditions: {bad: {when: {signal: s, above: 5}}}
        policies:
          pa:
            target: a
            mode: %s
            rules: {bad: {ladder: [alert, mark-unready]}}
            restart: {budget: {max: %d}}
        %s
          pb:
            target: b
            mode: %s
            rules: {bad: {ladder: [alert]}}
            restart: {budget: {max: %d}}
        """.formatted(revision, mode, budget, rollout, mode, budget);
  }

  private void start(String instance) {
    guard = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run).actionExecutor(Runnable::run)
        .directAlerts(true).probeJitter(0).schedulerThread(false).logEvents(false).listener(events::add)
        .probe("flip-a", flip()).probe("flip-b", flip()).build();
    reloader = PolicyReloader.builder(guard, source).instanceId(instance).ticker(time).clock(time)
        .notifier("sre", pages::add).build();
  }

  private static io.processguard.probe.Probe flip() {
    AtomicInteger n = new AtomicInteger();
    return () -> Sample.of("s", n.getAndIncrement() % 2 == 0 ? 10 : 0);
  }

  private void step(int seconds) {
    for (int i = 0; i < seconds; i++) {
      time.advance(Duration.ofSeconds(1));
      guard.tick();
    }
  }

  private <T extends GuardEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @AfterEach
  void close() {
    if (reloader != null) {
      reloader.close();
    }
    if (guard != null) {
      guard.close();
    }
  }

  @Test
  void poll_newVersion_appliesAndReportsVersionAndHash() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));

    assertThat(reloader.poll()).isTrue();
    assertThat(reloader.poll()).isFalse();

    PolicyEvent.Loaded loaded = events(PolicyEvent.Loaded.class).get(0);
    assertThat(loaded.revision()).isEqualTo("r1");
    assertThat(loaded.hash()).isEqualTo(PolicyFile.sha256(source.fetch()));
    assertThat(reloader.running().get("pa").revision()).isEqualTo("r1");
    assertThat(reloader.running().get("pa").hash()).hasSize(64);
    assertThat(guard.policies()).extracting(Policy::name).containsExactly("pa", "pb");
    assertThat(events(PolicyEvent.Loaded.class)).hasSize(1);
  }

  @Test
  void poll_invalidVersion_isRejectedAndTheRunningVersionStays() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));
    reloader.poll();
    source.text.set(doc("r2", 0, "enforce", ""));

    assertThat(reloader.poll()).isFalse();

    PolicyEvent.Rejected rejected = events(PolicyEvent.Rejected.class).get(0);
    assertThat(rejected.runningRevision()).isEqualTo("r1");
    assertThat(rejected.problems()).extracting(Object::toString).containsExactly(
        "memory.yaml:17: policies.pa.restart.budget.max: must be at least 1, got '0'",
        "memory.yaml:23: policies.pb.restart.budget.max: must be at least 1, got '0'");
    assertThat(guard.policies()).extracting(p -> p.budget().maxRestarts()).containsExactly(3, 3);
    assertThat(reloader.running().get("pa").revision()).isEqualTo("r1");
  }

  @Test
  void poll_changedThreshold_isAppliedWithoutARestart_andTheOpenIncidentIsClosedIntoTheHistory() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));
    reloader.poll();
    step(1);
    assertThat(guard.incidents("a")).extracting(i -> i.status().name()).containsExactly("OPEN");

    // the flip probe alternates 10 and 0: above 50 never breaches
    source.text.set(doc("r2", 3, "enforce", "").replace("above: 5}}}\n  b:", "above: 50}}}\n  b:"));
    assertThat(reloader.poll()).isTrue();

    assertThat(events(PolicyEvent.Rejected.class)).isEmpty();
    assertThat(guard.incidents("a")).singleElement().satisfies(i -> {
      assertThat(i.status().name()).isEqualTo("CLOSED");
      assertThat(i.timeline().get(i.timeline().size() - 1).what())
          .isEqualTo("closed: the target's probes or conditions were replaced by a reload");
    });
    step(10);
    assertThat(guard.status("a").orElseThrow().state().name()).isEqualTo("HEALTHY");
    assertThat(guard.incidents("a")).hasSize(1);
    assertThat(guard.incidents("b")).hasSizeGreaterThan(1);
  }

  @Test
  void poll_changedTargetWithAnInvalidPolicy_changesNothing() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));
    reloader.poll();
    step(1);
    String doc2 = doc("r2", 3, "enforce", "").replace("above: 5}}}\n  b:", "above: 50}}}\n  b:")
        .replace("rules: {bad: {ladder: [alert]}}", "rules: {bad: {ladder: [{restart: nope}]}}");

    source.text.set(doc2);
    assertThat(reloader.poll()).isFalse();

    assertThat(events(PolicyEvent.Rejected.class).get(0).problems()).extracting(Object::toString).containsExactly(
        "policy 'pb': rules[0].ladder[0].actions[0]: names no registered restartable (registered: []), got 'nope'");
    assertThat(guard.incidents("a")).extracting(i -> i.status().name()).containsExactly("OPEN");
    step(1);
    assertThat(guard.incidents("a")).extracting(i -> i.status().name()).containsExactly("RECOVERED");
  }

  @Test
  void poll_removedTarget_isRejected() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));
    reloader.poll();
    source.text.set("""
        processguard: 1
        revision: "r2"
        targets:
          a:
            probes: {flip-a: {interval: 1s}}
            conditions: {bad: {when: {signal: s, above: 5}}}
        policies:
          pa:
            target: a
            rules: {bad: {ladder: [alert]}}
        """);

    assertThat(reloader.poll()).isFalse();

    assertThat(events(PolicyEvent.Rejected.class).get(0).problems()).extracting(Object::toString).contains(
        "memory.yaml: targets.b: a running target cannot be removed by a reload; restart the application to remove "
            + "it, got 'b'");
  }

  @Test
  void replace_whileTicking_everyCycleSeesOneWholeVersion() throws Exception {
    start("i-1");
    source.text.set(doc("v1", 1, "dry-run", ""));
    reloader.poll();
    Thread ticking = new Thread(() -> step(4000), "ticking");
    ticking.start();
    for (int v = 2; v <= 300 && ticking.isAlive(); v++) {
      source.text.set(doc("v" + v, v, "dry-run", ""));
      reloader.poll();
    }
    ticking.join();

    Map<java.time.Instant, List<Integer>> byCycle = new TreeMap<>();
    for (RecoveryEvent.DecisionMade d : events(RecoveryEvent.DecisionMade.class)) {
      byCycle.computeIfAbsent(d.timestamp(), k -> new ArrayList<>()).add(d.record().budget().maxRestarts());
    }
    assertThat(byCycle).isNotEmpty();
    assertThat(byCycle.values()).allSatisfy(versions -> {
      assertThat(versions).hasSize(2);
      assertThat(Collections.frequency(versions, versions.get(0))).isEqualTo(2);
    });
    List<Integer> seen = byCycle.values().stream().map(l -> l.get(0)).toList();
    assertThat(seen).isSorted();
    assertThat(seen.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void reload_unchangedRule_keepsItsOpenIncident() {
    start("i-1");
    source.text.set(doc("r1", 3, "dry-run", ""));
    reloader.poll();
    step(1);
    String incident = guard.incidents("a").get(0).id();
    source.text.set(doc("r2", 5, "dry-run", ""));
    reloader.poll();
    step(1);

    assertThat(guard.incidents("a")).hasSize(1);
    assertThat(guard.incidents("a").get(0).id()).isEqualTo(incident);
    assertThat(guard.incidents("a").get(0).status()).isEqualTo(io.processguard.recovery.Incident.Status.RECOVERED);
  }

  @Test
  void progressive_stepsOnScheduleOnVirtualTime() {
    String instance = instanceAt(0.3, 0.6, "pa", "r1");
    start(instance);
    source.text.set(doc("r1", 3, "enforce", """
            rollout:
              steps: [{after: 0s, fraction: 0.3}, {after: 1h, fraction: 0.6}, {after: 2h, fraction: 1}]
        """));
    reloader.poll();
    assertThat(reloader.running().get("pa").mode()).isEqualTo(Mode.DRY_RUN);

    time.advance(Duration.ofMinutes(59));
    reloader.poll();
    assertThat(reloader.running().get("pa").fraction()).isEqualTo(0.3);
    time.advance(Duration.ofMinutes(1));
    reloader.poll();

    assertThat(reloader.running().get("pa").fraction()).isEqualTo(0.6);
    assertThat(reloader.running().get("pa").mode()).isEqualTo(Mode.ENFORCE);
    assertThat(guard.policies().get(0).mode()).isEqualTo(Mode.ENFORCE);
    assertThat(events(PolicyEvent.StageChanged.class)).singleElement()
        .satisfies(e -> assertThat(e.toFraction()).isEqualTo(0.6))
        .satisfies(e -> assertThat(e.enforcing()).isTrue());
  }

  @Test
  void progressive_aboveNormal_holdsTheStage() {
    String instance = instanceAt(0, 0.5, "pa", "r1");
    start(instance);
    source.text.set(doc("r1", 3, "enforce", """
            rollout:
              steps: [{after: 0s, fraction: 0.5}, {after: 1h, fraction: 1}]
              normal: {actionsPerHour: 1}
        """));
    reloader.poll();
    step(3);
    time.advance(Duration.ofMinutes(60).minusSeconds(3));
    reloader.poll();

    assertThat(events(RecoveryEvent.ActionStarted.class)).filteredOn(e -> e.target().equals("a")).hasSize(2);
    assertThat(reloader.running().get("pa").fraction()).isEqualTo(0.5);
    assertThat(events(PolicyEvent.StageChanged.class)).isEmpty();
  }

  @Test
  void rollback_aboveNormal_revertsToPreviousVersionAndPages() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));
    reloader.poll();
    source.text.set(doc("r2", 7, "enforce", """
            rollout:
              canary: 1
              normal: {actionsPerHour: 1}
              rollback: {to: previous, page: [sre]}
        """));
    reloader.poll();
    step(3);
    reloader.poll();

    PolicyEvent.RolledBack rb = events(PolicyEvent.RolledBack.class).get(0);
    assertThat(rb.policy()).isEqualTo("pa");
    assertThat(rb.revision()).isEqualTo("r2");
    assertThat(rb.to()).isEqualTo("revision r1");
    assertThat(rb.reason()).isEqualTo("2 actions on a within the last hour, normal is at most 1");
    assertThat(rb.paged()).containsExactly("sre");
    assertThat(pages).singleElement().satisfies(n -> assertThat(n.summary())
        .isEqualTo("policy pa revision r2 rolled back to revision r1: 2 actions on a within the last hour, normal is at most 1"));
    assertThat(guard.policies().stream().filter(p -> p.name().equals("pa")).findFirst().orElseThrow().budget().maxRestarts())
        .isEqualTo(3);
    assertThat(reloader.running().get("pa").rolledBack()).isEqualTo(rb.reason());
  }

  @Test
  void setFlag_off_removesGatedActionsAndIsVisible() {
    start("i-1");
    source.text.set(doc("r1", 3, "enforce", ""));
    reloader.poll();

    reloader.setFlag("alerts", false, "alice");

    assertThat(reloader.flags()).containsEntry("alerts", false);
    assertThat(guard.policies()).extracting(Policy::name).containsExactly("pa");
    assertThat(guard.policies().get(0).rules().get(0).ladder()).allSatisfy(r ->
        assertThat(r.actions()).noneMatch(a -> a.type() == ActionType.ALERT));
    assertThat(events(PolicyEvent.FlagChanged.class)).singleElement()
        .satisfies(e -> assertThat(e.by()).isEqualTo("alice"));
    assertThat(reloader.running().get("pb").mode()).isEqualTo(Mode.OFF);
  }

  @Test
  void urlSource_loopbackServer_loadsRejectsAndReloads() throws Exception {
    AtomicReference<String> body = new AtomicReference<>(doc("r1", 3, "enforce", ""));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/policies.yaml", ex -> {
      byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(body.get().isEmpty() ? 503 : 200, body.get().isEmpty() ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
      ex.close();
    });
    server.start();
    try {
      guard = ProcessGuard.builder().ticker(time).clock(time).schedulerThread(false).logEvents(false)
          .listener(events::add).probe("flip-a", flip()).probe("flip-b", flip()).build();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/policies.yaml");
      reloader = PolicyReloader.builder(guard, PolicySource.url(uri)).instanceId("i-1").ticker(time).build();

      assertThat(reloader.poll()).isTrue();
      body.set("");
      assertThat(reloader.poll()).isFalse();
      body.set(doc("r2", 4, "enforce", ""));
      assertThat(reloader.poll()).isTrue();

      assertThat(events(PolicyEvent.Rejected.class)).singleElement().satisfies(r -> assertThat(r.problems().get(0).message())
          .isEqualTo("cannot be read: GET " + uri + " returned HTTP 503"));
      assertThat(events(PolicyEvent.Loaded.class)).extracting(PolicyEvent.Loaded::revision).containsExactly("r1", "r2");
      assertThat(guard.policies()).extracting(p -> p.budget().maxRestarts()).containsExactly(4, 4);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void canary_selectionIsStableAndWithinTwoPercentOfTheFraction() {
    for (double f : new double[] {0.05, 0.1, 0.5, 0.9}) {
      int selected = 0;
      for (int i = 0; i < 10_000; i++) {
        if (Canary.selected("instance-" + i, "checkout-recovery", "r7", f)) {
          selected++;
        }
      }
      assertThat(selected / 10_000.0).as("fraction %s", f).isBetween(f - 0.02, f + 0.02);
    }
    assertThat(Canary.position("instance-42", "checkout-recovery", "r7"))
        .isEqualTo(Canary.position("instance-42", "checkout-recovery", "r7"))
        .isNotEqualTo(Canary.position("instance-42", "checkout-recovery", "r8"));
    List<String> at10 = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "i-" + i)
        .filter(id -> Canary.selected(id, "p", "r", 0.1)).collect(Collectors.toList());
    assertThat(at10).allMatch(id -> Canary.selected(id, "p", "r", 0.5));
  }

  /** Returns an instance id whose canary position is in [lo, hi). */
  private static String instanceAt(double lo, double hi, String policy, String revision) {
    for (int i = 0; ; i++) {
      double p = Canary.position("i-" + i, policy, revision);
      if (p >= lo && p < hi) {
        return "i-" + i;
      }
    }
  }
}
