package io.processguard.probe;

/**
 * A measurement of one target: returns a {@link Sample} of named numeric signals plus a status
 * and a detail.
 *
 * <p>ProcessGuard calls a probe on its bounded probe executor, at the interval its target
 * declares, with a timeout. A probe may throw or return {@code null}: the engine turns either
 * into a {@link SampleStatus#FAILED} sample naming the reason. A probe should honour
 * interruption; one that hangs forever occupies one probe thread and is not started again until
 * it returns, so hung probes never pile up. Implementations need not be thread-safe: the engine
 * never runs the same probe concurrently with itself.
 */
@FunctionalInterface
public interface Probe {

  /**
   * Takes one sample.
   *
   * @return the sample; never {@code null} in well-behaved probes
   * @throws Exception when the measurement fails; recorded as a failed sample
   */
  Sample sample() throws Exception;
}
