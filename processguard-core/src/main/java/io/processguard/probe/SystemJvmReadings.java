package io.processguard.probe;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link JvmReadings} from the platform MXBeans, whose handles are looked up once (the pool and
 * collector lists cost microseconds per lookup).
 *
 * <p>Thread-safe. Open file descriptors on Linux come from the size that {@code stat} reports for
 * {@code /proc/self/fd}, which recent kernels set to the number of entries at a constant cost; where
 * that size is zero (older kernels, other systems) the count comes from {@code
 * com.sun.management.UnixOperatingSystemMXBean}, which lists the directory and costs time linear in
 * the number of descriptors.
 */
final class SystemJvmReadings implements JvmReadings {
  static final SystemJvmReadings INSTANCE = new SystemJvmReadings(Path.of("/proc/self/fd"));

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<GarbageCollectorMXBean> collectors =
      List.copyOf(ManagementFactory.getGarbageCollectorMXBeans());
  private final com.sun.management.@Nullable OperatingSystemMXBean os;
  private final com.sun.management.@Nullable UnixOperatingSystemMXBean unix;
  private final Path procFd;
  private final boolean procFdCounts;

  SystemJvmReadings(Path procFd) {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    this.os = bean instanceof com.sun.management.OperatingSystemMXBean o ? o : null;
    this.unix = bean instanceof com.sun.management.UnixOperatingSystemMXBean u ? u : null;
    this.procFd = procFd;
    this.procFdCounts = statSize(procFd) > 0;
  }

  @Override
  public MemoryUsage heap() {
    return memory.getHeapMemoryUsage();
  }

  @Override
  public long uptimeNanos() {
    return runtime.getUptime() * 1_000_000L;
  }

  @Override
  public long processCpuNanos() {
    return os == null ? -1 : os.getProcessCpuTime();
  }

  @Override
  public int availableProcessors() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public long gcTimeMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      long t = gc.getCollectionTime();
      if (t > 0) {
        total += t;
      }
    }
    return collectors.isEmpty() ? -1 : total;
  }

  @Override
  public int liveThreads() {
    return threads.getThreadCount();
  }

  @Override
  public int deadlockedThreads() {
    long[] ids = threads.isSynchronizerUsageSupported()
        ? threads.findDeadlockedThreads()
        : threads.findMonitorDeadlockedThreads();
    return ids == null ? 0 : ids.length;
  }

  @Override
  public long openFileDescriptors() {
    if (procFdCounts) {
      long size = statSize(procFd);
      if (size > 0) {
        return size;
      }
    }
    return unix == null ? -1 : unix.getOpenFileDescriptorCount();
  }

  @Override
  public long maxFileDescriptors() {
    return unix == null ? -1 : unix.getMaxFileDescriptorCount();
  }

  private static long statSize(Path dir) {
    try {
      return Files.size(dir);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return -1;
    }
  }
}
