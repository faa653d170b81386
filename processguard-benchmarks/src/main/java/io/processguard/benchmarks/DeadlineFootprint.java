package io.processguard.benchmarks;

import io.processguard.watchdog.JobWatchdog;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Bytes per in-flight deadline: fills 1M job tickets, then 1M JDK scheduled tasks, and divides
 * the growth of the live heap by the count. Live bytes come from the JVM's class histogram (the
 * {@code GC.class_histogram} diagnostic command, which runs a full GC first), because the heap
 * usage of {@code MemoryMXBean} after {@code System.gc()} varied by 30% between collectors. The
 * holder array (what an application keeps to close or cancel) is allocated before the first
 * reading, so it is not counted. Run: {@code java -Xmx2g -cp benchmarks.jar
 * io.processguard.benchmarks.DeadlineFootprint}.
 */
public final class DeadlineFootprint {
  private static final int JOBS = 1_000_000;

  private DeadlineFootprint() {}

  /** Prints bytes per in-flight deadline for the job watchdog and the JDK scheduler. */
  public static void main(String[] args) {
    Object[] holder = new Object[JOBS];
    double ours = watchdog(holder);
    java.util.Arrays.fill(holder, null);
    double jdk = scheduler(holder);
    System.out.printf(Locale.ROOT, "job watchdog ticket: %.1f bytes per in-flight job%n", ours);
    System.out.printf(Locale.ROOT, "ScheduledThreadPoolExecutor: %.1f bytes per in-flight job%n", jdk);
    System.out.printf(Locale.ROOT, "ratio: %.2f%n", ours / jdk);
  }

  /** Each measurement keeps its structure reachable until its reading, and only until then. */
  private static double watchdog(Object[] holder) {
    Object job = new Object();
    JobWatchdog<Object> watchdog = JobWatchdog.builder("footprint").interruptWorkers(false).build();
    long before = used();
    for (int i = 0; i < JOBS; i++) {
      holder[i] = watchdog.track(job, Duration.ofHours(1));
    }
    long after = used();
    Reference.reachabilityFence(watchdog);
    watchdog.close();
    return (double) (after - before) / JOBS;
  }

  private static double scheduler(Object[] holder) {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    Runnable noop = () -> { };
    long before = used();
    for (int i = 0; i < JOBS; i++) {
      holder[i] = scheduler.schedule(noop, 1, TimeUnit.HOURS);
    }
    long after = used();
    Reference.reachabilityFence(scheduler);
    scheduler.shutdownNow();
    return (double) (after - before) / JOBS;
  }

  private static long used() {
    try {
      String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      for (String line : histogram.split("\n")) {
        if (line.startsWith("Total")) {
          String[] cols = line.trim().split("\\s+");
          return Long.parseLong(cols[cols.length - 1]);
        }
      }
      throw new IllegalStateException("no Total line in the class histogram");
    } catch (JMException e) {
      throw new IllegalStateException("class histogram unavailable", e);
    }
  }
}
