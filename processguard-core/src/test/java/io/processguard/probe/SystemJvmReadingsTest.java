package io.processguard.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SystemJvmReadingsTest {
  private static final Path PROC_FD = Path.of("/proc/self/fd");

  @Test
  void openFileDescriptors_onLinux_matchesTheEntriesOfProcSelfFd() throws Exception {
    assumeTrue(Files.isDirectory(PROC_FD), "needs /proc/self/fd");
    long open = SystemJvmReadings.INSTANCE.openFileDescriptors();
    long listed;
    try (Stream<Path> entries = Files.list(PROC_FD)) {
      listed = entries.count();
    }
    assertThat(open).isPositive().isCloseTo(listed, org.assertj.core.data.Offset.offset(3L));
    assertThat(SystemJvmReadings.INSTANCE.maxFileDescriptors()).isGreaterThanOrEqualTo(open);
  }

  @Test
  void openFileDescriptors_noProcDirectory_fallsBackToTheMxBean() {
    assumeTrue(Files.isDirectory(PROC_FD), "needs a Unix JVM");
    long open = new SystemJvmReadings(Path.of("/nonexistent/fd")).openFileDescriptors();
    assertThat(open).isPositive();
  }

  @Test
  void readings_realJvm_arePlausible() {
    JvmReadings jvm = SystemJvmReadings.INSTANCE;
    assertThat(jvm.heap().getUsed()).isPositive();
    assertThat(jvm.uptimeNanos()).isPositive();
    assertThat(jvm.processCpuNanos()).isPositive();
    assertThat(jvm.gcTimeMillis()).isGreaterThanOrEqualTo(0);
    assertThat(jvm.liveThreads()).isPositive();
    assertThat(jvm.deadlockedThreads()).isZero();
  }
}
