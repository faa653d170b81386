package io.processguard.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.probe.Sample;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The code of docs/scaling.md, kept compiling and running here; paste from this file. */
class ScalingSnippetsTest {

  @Test
  void docsSnippet_wiresPolicyControllerGateAndGuard() throws Exception {
    ArrayBlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(10_000);
    ThreadPoolExecutor aggregatorPool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, queue);
    // --- snippet: wiring
    Backpressure ingest = Backpressure.create("ingest");

    ScalingPolicy policy = ScalingPolicy.builder("aggregator-scaling", "aggregator")
        .signal(SignalKind.QUEUE_DEPTH, 100)            // hold queue.depth at 100
        .scalable("aggregator-pool")
        .replicas(2, 8)
        .scaleDownStabilization(Duration.ofMinutes(5))  // the default, shown
        .cooldown(Duration.ofSeconds(15))               // the default, shown
        .backpressure("ingest", Duration.ofSeconds(10))
        .alertTo("data-oncall")
        .build();

    ScalingController scaling = ScalingController.builder()
        .policy(policy)
        .scalable("aggregator-pool", Scalables.threadPool(aggregatorPool))
        .gate(ingest)
        .notifier("data-oncall", n -> System.out.println(n.summary()))
        .build();

    ProcessGuard guard = ProcessGuard.builder()
        .target(TargetSpec.builder(Target.of("aggregator"))
            .probe("queue", () -> Sample.of("queue.depth", queue.size()), Duration.ofSeconds(1))
            .build())
        .controller(scaling)
        .build()
        .start();
    // --- end
    Runnable record = () -> { };
    // --- snippet: producer
    while (!ingest.acquire(Duration.ofMillis(100))) {
      // held: keep the record (stop reading the source); never drop it here
    }
    if (!queue.offer(record, 1, TimeUnit.SECONDS)) {
      ingest.shed(1, "queue-full");   // giving up is allowed, but it is counted and reported
    }
    // --- end
    try {
      assertThat(scaling.policies()).containsExactly(policy);
      assertThat(ingest.shedTotal()).isZero();
    } finally {
      guard.close();
      scaling.close();
      aggregatorPool.shutdownNow();
    }
  }
}
