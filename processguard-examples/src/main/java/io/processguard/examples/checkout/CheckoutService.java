package io.processguard.examples.checkout;

import io.processguard.recovery.RestartableExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A checkout service: a pool of workers takes orders; an order that takes longer than its
 * deadline fails. Once {@link #startLeak()} is called, the next worker thread to take an order
 * develops a memory leak in a thread-local: each order it handles keeps 64 KiB, and its handling
 * time grows by 4 ms for each chunk it holds (as a heap under GC pressure does). Replacing the pool's threads
 * (a restart) drops the leak with them.
 */
public final class CheckoutService implements AutoCloseable {
  /** How long an order may take before the customer sees a failure. */
  public static final long ORDER_DEADLINE_MS = 120;

  private static final int LEAK_CHUNK = 64 * 1024;
  private static final long LEAK_CAP = 160L * 1024 * 1024;

  private final ThreadLocal<List<byte[]>> leak = new ThreadLocal<>();
  private final AtomicBoolean leakPending = new AtomicBoolean();
  private final RestartableExecutor workers;
  private final ConcurrentLinkedDeque<long[]> latencies = new ConcurrentLinkedDeque<>();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong leakedBytes = new AtomicLong();
  private final ConcurrentLinkedDeque<Long> failures = new ConcurrentLinkedDeque<>();

  /** Starts a service with the given number of workers. */
  public CheckoutService(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "checkout-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.workers = RestartableExecutor.of(() -> Executors.newFixedThreadPool(threads, factory));
  }

  /** Returns the worker pool, which ProcessGuard restarts. */
  public RestartableExecutor workers() {
    return workers;
  }

  /** Makes the next worker to take an order start leaking. */
  public void startLeak() {
    leakPending.set(true);
  }

  /** Submits one order. */
  public void placeOrder() {
    long submitted = System.nanoTime();
    workers.executor().execute(() -> handle(submitted));
  }

  private void handle(long submitted) {
    List<byte[]> held = leak.get();
    if (held == null && leakPending.compareAndSet(true, false)) {
      held = new ArrayList<>();
      leak.set(held);
    }
    long work = 2_000_000L;
    if (held != null) {
      if (leakedBytes.get() < LEAK_CAP) {
        byte[] chunk = new byte[LEAK_CHUNK];
        Arrays.fill(chunk, (byte) 1);
        held.add(chunk);
        leakedBytes.addAndGet(LEAK_CHUNK);
      }
      work += held.size() * 4_000_000L;
    }
    LockSupport.parkNanos(work);
    long took = System.nanoTime() - submitted;
    latencies.add(new long[] {System.nanoTime(), took});
    if (took > ORDER_DEADLINE_MS * 1_000_000L) {
      failed.incrementAndGet();
      failures.add(System.nanoTime());
    } else {
      ok.incrementAndGet();
    }
  }

  /** Returns the 99th percentile of order latency over the last {@code windowNanos}, in ms. */
  public double p99Millis(long windowNanos) {
    long cutoff = System.nanoTime() - windowNanos;
    while (!latencies.isEmpty() && latencies.peekFirst()[0] < cutoff) {
      latencies.pollFirst();
    }
    long[] values = latencies.stream().mapToLong(l -> l[1]).sorted().toArray();
    if (values.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(values.length * 0.99) - 1;
    return values[Math.max(0, index)] / 1e6;
  }

  /** Returns orders that met their deadline. */
  public long ok() {
    return ok.get();
  }

  /** Returns orders that failed. */
  public long failed() {
    return failed.get();
  }

  /** Returns orders that failed at or after the given {@link System#nanoTime()} reading. */
  public long failedSince(long nanoTime) {
    return failures.stream().filter(t -> t >= nanoTime).count();
  }

  /** Returns the bytes leaked so far. */
  public long leakedBytes() {
    return leakedBytes.get();
  }

  @Override
  public void close() {
    workers.shutdown();
  }
}
