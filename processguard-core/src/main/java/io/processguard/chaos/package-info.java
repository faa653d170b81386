/**
 * Chaos testing and recovery drills: bounded, reversible faults injected on purpose through
 * small wrappers ({@link io.processguard.chaos.ChaosPoint}, {@link io.processguard.chaos.FaultyProbe},
 * {@link io.processguard.chaos.ChaosComponent}), drills that measure detection and recovery against
 * each target's RTO ({@link io.processguard.chaos.DrillRunner}), and their reports (JSON, HTML).
 *
 * <p>Off unless allowed: a drill runs only on a target named in {@link
 * io.processguard.chaos.ChaosConfig.Builder#allowDrills(String...)}.
 */
@NullMarked
package io.processguard.chaos;

import org.jspecify.annotations.NullMarked;
