/**
 * Micrometer integration, the only package that imports Micrometer: the metrics binder that
 * observes ProcessGuard's events ({@link io.processguard.metrics.ProcessGuardMetrics}), the one
 * declaration of every meter ({@link io.processguard.metrics.ProcessGuardMeters}), and a probe
 * over a Micrometer {@code Timer} ({@link io.processguard.metrics.MicrometerProbes}).
 */
@NullMarked
package io.processguard.metrics;

import org.jspecify.annotations.NullMarked;
