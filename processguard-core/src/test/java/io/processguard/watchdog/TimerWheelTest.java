package io.processguard.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The wheel's one promise, for any deadlines and any advance steps: never early, never late. */
class TimerWheelTest {

  @Provide
  Arbitrary<List<Long>> nanos() {
    // Spread over every level: pick a magnitude, then a value below it.
    return Arbitraries.integers().between(0, 52)
        .flatMap(bits -> Arbitraries.longs().between(1L, 1L << bits))
        .list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 300)
  void advance_anyDeadlinesAnySteps_eachJobStuckAtTheFirstAdvancePastItsDeadline(
      @ForAll("nanos") List<Long> deadlines, @ForAll("nanos") List<Long> steps) {
    ManualTicker time = new ManualTicker();
    List<Integer> stuck = new ArrayList<>();
    JobWatchdog<Integer> w = JobWatchdog.<Integer>builder("property").ticker(time).clock(time)
        .captureStacks(false).interruptWorkers(false).requeuer(s -> stuck.add(s.job())).build();
    long max = JobWatchdog.MAX_DEADLINE.toNanos();
    List<Long> clamped = deadlines.stream().map(d -> Math.min(d, max)).toList();
    for (int i = 0; i < clamped.size(); i++) {
      w.track(i, Duration.ofNanos(clamped.get(i)));
    }
    Set<Integer> expected = new TreeSet<>();
    long now = 0;
    for (long step : steps) {
      now += step;
      w.advance(now);
      for (int i = 0; i < clamped.size(); i++) {
        if (now - clamped.get(i) > 0) {
          expected.add(i);
        }
      }
      assertThat(new TreeSet<>(stuck)).as("at %d", now).isEqualTo(expected);
    }
    assertThat(stuck).doesNotHaveDuplicates();
    JobCounts c = w.counts();
    assertThat(c.balanced()).isTrue();
    assertThat(c.inFlight()).isEqualTo(clamped.size() - expected.size());
  }
}
