package io.processguard.probe;

import java.lang.management.MemoryUsage;

/**
 * The raw JVM readings the built-in JVM probes are computed from; package-private so that tests
 * can feed exact values.
 *
 * <p>Implementations must be thread-safe. A reading the platform does not support returns
 * {@code -1}.
 */
interface JvmReadings {

  /** Heap usage (used, committed, max); max is {@code -1} when undefined. */
  MemoryUsage heap();

  /** Time since the JVM started, in nanoseconds. */
  long uptimeNanos();

  /** CPU time used by the whole process in nanoseconds, or {@code -1}. */
  long processCpuNanos();

  /** Processors available to the JVM. */
  int availableProcessors();

  /** Accumulated collection time of every garbage collector in milliseconds, or {@code -1}. */
  long gcTimeMillis();

  /** Live threads, daemons included. */
  int liveThreads();

  /** Threads deadlocked on monitors or synchronizers; pauses the JVM, call rarely. */
  int deadlockedThreads();

  /** Open file descriptors, or {@code -1}. */
  long openFileDescriptors();

  /** The file descriptor limit, or {@code -1}. */
  long maxFileDescriptors();
}
