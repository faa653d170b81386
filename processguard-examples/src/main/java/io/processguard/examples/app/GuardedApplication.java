package io.processguard.examples.app;

import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.recovery.RestartableExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose order workers ProcessGuard keeps alive: the pool is a {@link
 * RestartableExecutor} bean ({@code workers}), its queue depth a {@link Probe} bean ({@code
 * workerQueue}); targets, conditions and the policy are in {@code application-guarded.yml}.
 * Runs with the {@code guarded} profile so the plain-Java demo of this module is unaffected.
 */
@SpringBootApplication
public class GuardedApplication {

  /** The profile holding this application's configuration. */
  public static final String PROFILE = "guarded";

  /** Starts the application with the {@value #PROFILE} profile. */
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(GuardedApplication.class);
    app.setAdditionalProfiles(PROFILE);
    app.run(args);
  }

  /** The pool the workers run on now; a restart replaces it. */
  private final AtomicReference<ThreadPoolExecutor> pool = new AtomicReference<>();

  /** The order workers: two threads over an unbounded queue, restartable by ProcessGuard. */
  @Bean(destroyMethod = "shutdown")
  RestartableExecutor workers() {
    return RestartableExecutor.of(() -> {
      ThreadPoolExecutor fresh = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      pool.set(fresh);
      return fresh;
    });
  }

  /** Measures the workers' backlog as the signal {@code queue.depth}. */
  @Bean
  Probe workerQueue(RestartableExecutor workers) {
    return () -> {
      ThreadPoolExecutor now = pool.get();
      return Sample.builder().signal("queue.depth", now.getQueue().size())
          .signal("workers.active", now.getActiveCount()).build();
    };
  }
}
