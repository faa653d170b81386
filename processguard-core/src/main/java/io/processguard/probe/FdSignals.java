package io.processguard.probe;

/**
 * {@code fd.open}, {@code fd.max} and {@code fd.ratio}, each only where the platform reports it.
 *
 * <p>Thread-safe (stateless).
 */
final class FdSignals implements SignalSource {
  private final JvmReadings jvm;

  FdSignals(JvmReadings jvm) {
    this.jvm = jvm;
  }

  @Override
  public void read(Sample.Builder out) {
    long open = jvm.openFileDescriptors();
    long max = jvm.maxFileDescriptors();
    if (open >= 0) {
      out.signal(JvmProbes.FD_OPEN, open);
    }
    if (max > 0) {
      out.signal(JvmProbes.FD_MAX, max);
    }
    if (open >= 0 && max > 0) {
      out.signal(JvmProbes.FD_RATIO, (double) open / max);
    }
  }
}
