package io.processguard.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import io.processguard.ProcessGuard;
import io.processguard.probe.Sample;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ScalingInvariantsTest {

  /** Whatever the signal does, every step and every size stays within the bounds. */
  @Property(tries = 200)
  void anySignal_sizeStaysWithinBounds(
      @ForAll @IntRange(min = 0, max = 5) int min,
      @ForAll @IntRange(min = 0, max = 20) int extra,
      @ForAll @IntRange(min = 0, max = 30) int cooldownSeconds,
      @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = 0, max = 100_000) Double> depths) {
    int max = Math.max(1, min) + extra;
    ManualTicker time = new ManualTicker();
    AtomicInteger size = new AtomicInteger(min);
    List<Integer> steps = new ArrayList<>();
    double[] depth = {0};
    ScalingController controller = ScalingController.builder()
        .policy(ScalingPolicy.builder("p", "t").signal(SignalKind.QUEUE_DEPTH, 100).scalable("s")
            .replicas(min, max).cooldown(Duration.ofSeconds(cooldownSeconds))
            .scaleDownStabilization(Duration.ofSeconds(10)).scaleDownLimit(StepLimit.UNLIMITED)
            .scaleUpLimit(StepLimit.UNLIMITED).build())
        .scalable("s", Scalables.workers(size::get, n -> {
          steps.add(n);
          size.set(n);
        }))
        .executor(Runnable::run).build();
    try (ProcessGuard guard = ProcessGuard.builder().ticker(time).clock(time).probeExecutor(Runnable::run)
        .schedulerThread(false).probeJitter(0).logEvents(false)
        .target(TargetSpec.builder(Target.of("t"))
            .probe("q", () -> Sample.of("queue.depth", depth[0]), Duration.ofSeconds(1)).build())
        .controller(controller).build().start()) {
      for (double d : depths) {
        depth[0] = d;
        guard.tick();
        time.advance(Duration.ofSeconds(1));
        assertThat(size.get()).isBetween(min, max);
      }
    }
    assertThat(steps).allSatisfy(n -> assertThat(n).isBetween(min, max));
  }
}
