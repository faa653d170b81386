package io.processguard.spring.boot.autoconfigure;

import io.processguard.ProcessGuard;
import io.processguard.probe.Probe;
import io.processguard.probe.Sample;
import io.processguard.recovery.Restartable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test configuration: a guard driven by hand on virtual time (no scheduler thread, direct
 * executors), a queue probe whose depth the test sets, and a restartable that counts restarts.
 */
@Configuration(proxyBeanMethods = false)
public class ManualGuard {
  public static final Instant EPOCH = Instant.parse("2026-11-28T10:00:00Z");

  public final AtomicLong nanos = new AtomicLong();
  public final AtomicReference<Double> depth = new AtomicReference<>(10.0);
  public final AtomicLong restarts = new AtomicLong();

  /** Returns the virtual clock: {@link #EPOCH} plus the nanos moved so far. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return EPOCH.plusNanos(nanos.get());
      }
    };
  }

  @Bean
  ProcessGuardCustomizer manualDriving() {
    return b -> b.ticker(nanos::get).clock(clock()).schedulerThread(false).probeExecutor(Runnable::run)
        .actionExecutor(Runnable::run).directAlerts(true).probeJitter(0).logEvents(false);
  }

  @Bean
  Probe queueProbe() {
    return () -> Sample.of("queue.depth", depth.get());
  }

  @Bean
  Restartable workers() {
    return new Restartable() {
      @Override
      public void stop(Duration timeout) {
        restarts.incrementAndGet();
      }

      @Override
      public void start() {}
    };
  }

  /** Runs the guard on virtual time for {@code total}, waking whenever it has work. */
  public void run(ProcessGuard guard, Duration total) {
    long end = nanos.get() + total.toNanos();
    guard.tick();
    while (guard.nextWakeNanos() <= end) {
      nanos.set(Math.max(nanos.get(), guard.nextWakeNanos()));
      guard.tick();
    }
    nanos.set(end);
    guard.tick();
  }
}
