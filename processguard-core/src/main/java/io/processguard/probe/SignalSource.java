package io.processguard.probe;

/**
 * A group of signals read together into a sample under construction; the building block of the
 * JVM probes and of {@link JvmProbes#all()}.
 *
 * <p>Not thread-safe: the engine never runs one probe concurrently with itself.
 */
interface SignalSource {

  /** Reads this group's signals into {@code out}. */
  void read(Sample.Builder out);

  /** Returns a probe that reads every source, in order, into one sample. */
  static Probe probe(SignalSource... sources) {
    SignalSource[] copy = sources.clone();
    return () -> {
      Sample.Builder out = Sample.builder();
      for (SignalSource s : copy) {
        s.read(out);
      }
      return out.build();
    };
  }
}
