package io.processguard.probe;

import java.lang.management.MemoryUsage;

/** JVM readings set by hand, for exact tests. */
final class FakeJvm implements JvmReadings {
  long heapUsed;
  long heapCommitted;
  long heapMax = -1;
  long uptimeNanos;
  long cpuNanos;
  int processors = 1;
  long gcMillis;
  int live;
  int deadlocked;
  int deadlockChecks;
  long fdOpen = -1;
  long fdMax = -1;

  @Override
  public MemoryUsage heap() {
    return new MemoryUsage(0, heapUsed, Math.max(heapCommitted, heapUsed), heapMax);
  }

  @Override
  public long uptimeNanos() {
    return uptimeNanos;
  }

  @Override
  public long processCpuNanos() {
    return cpuNanos;
  }

  @Override
  public int availableProcessors() {
    return processors;
  }

  @Override
  public long gcTimeMillis() {
    return gcMillis;
  }

  @Override
  public int liveThreads() {
    return live;
  }

  @Override
  public int deadlockedThreads() {
    deadlockChecks++;
    return deadlocked;
  }

  @Override
  public long openFileDescriptors() {
    return fdOpen;
  }

  @Override
  public long maxFileDescriptors() {
    return fdMax;
  }
}
