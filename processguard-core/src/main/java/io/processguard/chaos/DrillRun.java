package io.processguard.chaos;

import io.processguard.ProcessGuard;
import io.processguard.chaos.DrillReport.Kind;
import io.processguard.chaos.DrillReport.Outcome;
import io.processguard.probe.Sample;
import io.processguard.recovery.Incident;
import io.processguard.target.HealthSnapshot;
import io.processguard.target.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of one drill: its phases, its samples and its verdict. Used from one thread. */
final class DrillRun {
  private static final Logger LOG = LoggerFactory.getLogger(DrillRun.class);
  private static final int MAX_POINTS = 10_000;

  private final ProcessGuard guard;
  private final Chaos chaos;
  private final DrillClock clock;
  private final Drill drill;
  private final String requestedBy;
  private final Consumer<DrillEvent> publish;
  private final Duration rto;
  private final DrillRecorder recorder;
  private final Map<String, List<DrillReport.Point>> points = new LinkedHashMap<>();
  private final Map<String, Double> latest = new LinkedHashMap<>();
  private @Nullable Chaos.Live live;
  private @Nullable Instant releasedAt;
  private Outcome outcome = Outcome.PASSED;
  private String reason = "";

  DrillRun(ProcessGuard guard, Chaos chaos, DrillClock clock, Drill drill, String requestedBy,
      Consumer<DrillEvent> publish) {
    this.guard = guard;
    this.chaos = chaos;
    this.clock = clock;
    this.drill = drill;
    this.requestedBy = requestedBy;
    this.publish = publish;
    this.rto = guard.status(drill.target()).map(s -> s.target().rto()).orElseThrow();
    this.recorder = new DrillRecorder(drill.target(), drill.blastRadius());
    drill.signals().forEach(s -> points.put(s.name(), new ArrayList<>()));
  }

  DrillReport execute() {
    Instant started = clock.now();
    publish.accept(new DrillEvent.Started(started, drill.target(), drill.name(), drill.fault().describe(), requestedBy));
    recorder.note(started, Kind.DRILL, "drill '" + drill.name() + "' started by " + requestedBy);
    guard.addListener(recorder);
    try {
      phases();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(Outcome.ABORTED, "interrupted");
    } catch (Exception e) {
      LOG.warn("drill '{}' failed with an exception; its fault is released", drill.name(), e);
      end(Outcome.ABORTED, "drill stopped by an exception: " + e);
    } finally {
      release("drill ended");
      recorder.drain();
      guard.removeListener(recorder);
    }
    Instant ended = clock.now();
    recorder.note(ended, outcome == Outcome.ABORTED ? Kind.ABORTED : Kind.DRILL,
        "drill " + outcome + (reason.isEmpty() ? "" : ": " + reason));
    DrillReport report = report(started, ended);
    publish.accept(outcome == Outcome.ABORTED
        ? new DrillEvent.Aborted(ended, drill.target(), drill.name(), reason, requestedBy)
        : new DrillEvent.Finished(ended, drill.target(), drill.name(), outcome == Outcome.PASSED, reason,
            report.measures().timeToRecover(), requestedBy));
    return report;
  }

  private void phases() throws Exception {
    sample();
    Optional<String> before = violation();
    if (before.isPresent()) {
      end(Outcome.ABORTED, "steady state did not hold before injection: " + before.get());
      return;
    }
    recorder.note(clock.now(), Kind.DRILL, "steady state holds: " + hypothesisText());
    Instant at = clock.now();
    recorder.injectedAt = at;
    live = chaos.inject(drill.name(), drill.target(), drill.fault(), at);
    recorder.note(at, Kind.FAULT_INJECTED, "fault injected: " + drill.fault().describe());
    watch(at);
    release(recorder.recovered != null ? "the incident recovered" : "the drill stopped watching");
    if (outcome == Outcome.PASSED) {
      settle();
    }
  }

  private void watch(Instant injectedAt) throws InterruptedException {
    while (true) {
      clock.pass(drill.pollEvery());
      sample();
      recorder.drain();
      Instant now = clock.now();
      if (recorder.recovered != null) {
        Duration ttr = recorder.recovered.timeToRecover().orElse(Duration.ZERO);
        if (ttr.compareTo(rto) > 0) {
          end(Outcome.FAILED, "recovered after " + Checks.seconds(ttr) + ", beyond the RTO of " + Checks.seconds(rto));
        }
        return;
      }
      if (recorder.escalated != null) {
        end(Outcome.FAILED, recorder.escalated);
        return;
      }
      Instant breached = recorder.breachedAt;
      if (breached != null && Duration.between(breached, now).compareTo(rto) > 0) {
        end(Outcome.FAILED, notRecovered(breached, now));
        return;
      }
      Optional<String> abort = abortReason();
      if (abort.isPresent()) {
        end(Outcome.ABORTED, abort.get());
        return;
      }
      boolean held = drill.holdFor().map(h -> Duration.between(injectedAt, now).compareTo(h) >= 0).orElse(false);
      if (held || (drill.releaseOnRecoveryAction() && recorder.actionSucceeded)) {
        release(held ? "held for " + Checks.seconds(drill.holdFor().orElseThrow()) : "a recovery action succeeded");
      }
      if (Duration.between(injectedAt, now).compareTo(drill.maxDuration()) >= 0) {
        end(Outcome.ABORTED, "max duration " + Checks.seconds(drill.maxDuration()) + " reached"
            + (breached == null ? "; the fault was not detected (no breach on '" + drill.target() + "')" : ""));
        return;
      }
    }
  }

  private String notRecovered(Instant breached, Instant now) {
    String why = recorder.incidentId == null
        ? "; no incident was opened: no policy handles condition '" + recorder.unhandledBreach + "'"
        : " (incident " + recorder.incidentId + " still open)";
    return "did not recover within the RTO of " + Checks.seconds(rto) + ": breached at +"
        + Checks.seconds(Duration.between(recorder.injectedAt, breached)) + " after injection, still not recovered "
        + Checks.seconds(Duration.between(breached, now)) + " later" + why;
  }

  private void settle() throws InterruptedException {
    Instant deadline = clock.now().plus(drill.settleTimeout());
    while (true) {
      Optional<String> after = violation();
      if (after.isEmpty()) {
        recorder.note(clock.now(), Kind.DRILL, "steady state holds again");
        return;
      }
      if (!clock.now().isBefore(deadline)) {
        end(Outcome.FAILED, "steady state did not hold after the drill (waited " + Checks.seconds(drill.settleTimeout())
            + "): " + after.get());
        return;
      }
      clock.pass(drill.pollEvery());
      sample();
      recorder.drain();
    }
  }

  private Optional<String> violation() {
    HealthSnapshot snap = guard.snapshot();
    return drill.hypothesis().stream().map(h -> h.violation(snap, latest)).flatMap(Optional::stream).findFirst();
  }

  private Optional<String> abortReason() {
    HealthSnapshot snap = guard.snapshot();
    for (TargetStatus s : snap.inventory()) {
      if (!drill.blastRadius().contains(s.name()) && AbortCondition.degraded(s.state())) {
        return Optional.of("target '" + s.name() + "' outside the blast radius " + drill.blastRadius().stream()
            .sorted().toList() + " is " + s.state() + ": " + s.reason());
      }
    }
    return drill.aborts().stream().map(a -> a.check(snap, latest)).flatMap(Optional::stream).findFirst();
  }

  private void sample() {
    Instant at = clock.now();
    for (DrillSignal s : drill.signals()) {
      try {
        Sample sample = s.source().sample();
        if (sample != null && sample.has(s.name())) {
          latest.put(s.name(), sample.value(s.name()));
          List<DrillReport.Point> series = points.get(s.name());
          if (series.size() < MAX_POINTS) {
            series.add(new DrillReport.Point(at, sample.value(s.name())));
          }
        } else {
          latest.remove(s.name());
        }
      } catch (Exception e) {
        latest.remove(s.name());
        LOG.debug("drill '{}': signal '{}' could not be sampled: {}", drill.name(), s.name(), e.toString());
      }
    }
  }

  private void release(String why) {
    Chaos.Live l = live;
    if (l != null && releasedAt == null) {
      l.release();
      releasedAt = clock.now();
      recorder.note(releasedAt, Kind.FAULT_RELEASED, "fault released (" + why + ")");
    }
  }

  private void end(Outcome o, String why) {
    if (outcome == Outcome.PASSED) {
      outcome = o;
      reason = why;
    }
  }

  private String hypothesisText() {
    return drill.hypothesis().isEmpty() ? "(no checks)"
        : String.join("; ", drill.hypothesis().stream().map(SteadyState::describe).toList());
  }

  private DrillReport report(Instant started, Instant ended) {
    Incident inc = recorder.recovered;
    if (inc == null && recorder.incidentId != null) {
      inc = guard.incidents(drill.target()).stream().filter(i -> i.id().equals(recorder.incidentId))
          .findFirst().orElse(null);
    }
    Optional<Incident> incident = Optional.ofNullable(inc);
    Optional<Instant> injected = Optional.ofNullable(live).map(l -> l.info().injectedAt());
    Optional<Instant> breached = Optional.ofNullable(recorder.breachedAt);
    Optional<Duration> ttr = incident.flatMap(Incident::timeToRecover);
    DrillReport.Measures measures = new DrillReport.Measures(injected, Optional.ofNullable(releasedAt),
        incident.map(Incident::id), injected.flatMap(i -> breached.map(b -> Duration.between(i, b))),
        incident.map(Incident::timeToDetect), incident.flatMap(Incident::timeToEngage), ttr, rto,
        ttr.map(t -> t.compareTo(rto) <= 0).orElse(false));
    List<DrillReport.Series> series = drill.signals().stream().map(s -> new DrillReport.Series(s.name(),
        s.threshold().isPresent() ? Optional.of(s.threshold().getAsDouble()) : Optional.<Double>empty(),
        points.get(s.name()))).toList();
    List<DrillReport.Entry> timeline = recorder.timeline.stream()
        .sorted((a, b) -> a.at().compareTo(b.at())).toList();
    return new DrillReport(summary(), requestedBy, started, ended, outcome, reason, measures, timeline, series,
        List.of());
  }

  private DrillReport.Summary summary() {
    return new DrillReport.Summary(drill.name(), drill.target(), drill.fault().describe(), rto,
        drill.blastRadius().stream().sorted().toList(), drill.hypothesis().stream().map(SteadyState::describe).toList(),
        drill.aborts().stream().map(AbortCondition::describe).toList());
  }
}
