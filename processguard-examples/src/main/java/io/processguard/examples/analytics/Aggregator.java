package io.processguard.examples.analytics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The analytics aggregator: a thread pool whose workers take page-view records from a bounded
 * {@link ArrayBlockingQueue} and count them per page. Each record costs {@link #WORK} of waiting
 * on a downstream store, so the pool's throughput is its size divided by that cost. Records
 * enter through {@link #offer}: when the queue is full a record is refused, never queued
 * unboundedly. Thread-safe.
 */
final class Aggregator implements AutoCloseable {
  /** What one record costs a worker: a write to a downstream store. */
  static final Duration WORK = Duration.ofMillis(2);

  private final ArrayBlockingQueue<Runnable> queue;
  private final ThreadPoolExecutor pool;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final long[] latencies;
  private final AtomicInteger latencyIndex = new AtomicInteger();
  private final AtomicLong processed = new AtomicLong();

  /** Starts {@code workers} threads over a queue of {@code capacity}, for up to {@code records} records. */
  Aggregator(String name, int workers, int capacity, int records) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, queue, r -> {
      Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.prestartAllCoreThreads();
    this.latencies = new long[records];
  }

  /** Returns the pool, which the ThreadPoolExecutor adapter resizes. */
  ThreadPoolExecutor pool() {
    return pool;
  }

  /** Hands one record to the pool without waiting; false when the queue is full. */
  boolean offer(String page) {
    return queue.offer(task(page, System.nanoTime()));
  }

  /** Hands one record to the pool, waiting at most {@code wait} for room in the queue. */
  boolean offer(String page, Duration wait) throws InterruptedException {
    return queue.offer(task(page, System.nanoTime()), wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  private Runnable task(String page, long enqueued) {
    return () -> {
      LockSupport.parkNanos(WORK.toNanos());
      counts.computeIfAbsent(page, p -> new LongAdder()).increment();
      int i = latencyIndex.getAndIncrement();
      if (i < latencies.length) {
        latencies[i] = System.nanoTime() - enqueued;
      }
      processed.incrementAndGet();
    };
  }

  /** Returns the number of records waiting. */
  int depth() {
    return queue.size();
  }

  /** Returns the number of records counted. */
  long processed() {
    return processed.get();
  }

  /** Returns the largest number of threads the pool ever had. */
  int largestPool() {
    return pool.getLargestPoolSize();
  }

  /** Returns the counts per page. */
  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Returns the 99th percentile of enqueue-to-processed latency so far (nearest rank). */
  Duration p99() {
    int n = Math.min(latencyIndex.get(), latencies.length);
    if (n == 0) {
      return Duration.ZERO;
    }
    long[] copy = Arrays.copyOf(latencies, n);
    Arrays.sort(copy);
    return Duration.ofNanos(copy[(int) Math.ceil(0.99 * n) - 1]);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
