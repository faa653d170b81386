package io.processguard.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Many workers, many jobs, a tenth of them hanging until interrupted: every job is accounted
 * for. Time is virtual and moved by the test thread, which is also the watchdog's driver.
 */
class JobWatchdogStressTest {
  private static final int JOBS = 100_000;
  private static final int WORKERS = 8;
  private static final Duration DEADLINE = Duration.ofMillis(50);

  private record Job(int id, int attempt) {}

  @Test
  void track_100kJobsOver8Threads_tenPercentHanging_noJobLostAndCountsBalance() throws InterruptedException {
    ManualTicker time = new ManualTicker();
    ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    AtomicIntegerArray completions = new AtomicIntegerArray(JOBS);
    AtomicIntegerArray requeues = new AtomicIntegerArray(JOBS);
    AtomicInteger distinctDone = new AtomicInteger();
    JobWatchdog<Job> watchdog = JobWatchdog.<Job>builder("stress").ticker(time).clock(time)
        .captureStacks(false).maxAttempts(1_000)
        .requeuer(s -> {
          requeues.incrementAndGet(s.job().id());
          queue.add(new Job(s.job().id(), s.nextAttempt()));
        })
        .build();
    for (int i = 0; i < JOBS; i++) {
      queue.add(new Job(i, 1));
    }
    CountDownLatch finished = new CountDownLatch(WORKERS);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Thread t = new Thread(() -> work(watchdog, queue, completions, distinctDone, finished), "stress-" + w);
      workers.add(t);
      t.start();
    }
    while (finished.getCount() > 0) {
      time.advance(Duration.ofMillis(10));
      watchdog.advance(time.read());
      Thread.yield();
    }
    for (Thread t : workers) {
      t.join();
    }
    watchdog.advance(time.read());
    // Copies requeued after the last worker left (of falsely stuck, late-completed jobs) run here.
    Job leftover;
    while ((leftover = queue.poll()) != null) {
      try (JobTicket<Job> ticket = watchdog.track(leftover, DEADLINE, leftover.attempt())) {
        completions.incrementAndGet(ticket.job().id());
      }
    }

    int hangingRequeued = 0;
    long totalCompletions = 0;
    for (int i = 0; i < JOBS; i++) {
      assertThat(completions.get(i)).as("job %d completions", i).isPositive();
      totalCompletions += completions.get(i);
      if (i % 10 == 0 && requeues.get(i) > 0) {
        hangingRequeued++;
      }
    }
    JobCounts c = watchdog.counts();
    assertThat(hangingRequeued).isEqualTo(JOBS / 10);
    assertThat(c.inFlight()).isZero();
    assertThat(c.handling()).isZero();
    assertThat(c.deadLettered()).isZero();
    assertThat(c.requeued()).isEqualTo(c.stuck());
    assertThat(c.tracked()).isEqualTo(JOBS + c.requeued());
    assertThat(c.tracked()).isEqualTo(c.completed() + c.stuck());
    assertThat(c.lateCompletions()).isEqualTo(c.stuck());
    // Every completion is an on-time close, or the late close of a job that was not hanging but
    // got stuck anyway (a worker descheduled past the virtual deadline): its copy ran too.
    long hangingFirstAttempts = JOBS / 10;
    assertThat(totalCompletions).isEqualTo(c.completed() + c.lateCompletions() - hangingFirstAttempts);
    assertThat(c.balanced()).isTrue();
  }

  private static void work(JobWatchdog<Job> watchdog, ConcurrentLinkedQueue<Job> queue,
      AtomicIntegerArray completions, AtomicInteger distinctDone, CountDownLatch finished) {
    try {
      while (distinctDone.get() < JOBS || !queue.isEmpty()) {
        Job job = queue.poll();
        if (job == null) {
          Thread.onSpinWait();
          continue;
        }
        try (JobTicket<Job> ticket = watchdog.track(job, DEADLINE, job.attempt())) {
          if (job.id() % 10 == 0 && job.attempt() == 1) {
            hangUntilInterrupted();
          } else if (completions.incrementAndGet(ticket.job().id()) == 1) {
            distinctDone.incrementAndGet();
          }
        }
      }
    } finally {
      finished.countDown();
    }
  }

  private static void hangUntilInterrupted() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // The watchdog gave up on this attempt; the requeued copy does the work.
    }
  }
}
