package io.processguard.probe;

/**
 * Hears of every probe run as its sample is applied: which probe of which target, how long it
 * took on the guard's ticker, and its status. The metrics binder records probe durations with it.
 *
 * <p>Called on the scheduler thread for every sample, so it must be cheap and must not block or
 * allocate much; one that throws is logged and skipped.
 */
@FunctionalInterface
public interface ProbeObserver {

  /**
   * A probe run ended.
   *
   * @param target the target's name
   * @param probe the probe's name
   * @param durationNanos how long it ran (for a timed-out run, until the timeout)
   * @param status the sample's status
   */
  void onProbeRun(String target, String probe, long durationNanos, SampleStatus status);
}
