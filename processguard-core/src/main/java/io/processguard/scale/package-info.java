/**
 * Autoscaling and backpressure: {@link io.processguard.scale.Scalable} pools that a {@link
 * io.processguard.scale.ScalingController} grows and shrinks from a signal (queue depth, lag,
 * rates) under a {@link io.processguard.scale.ScalingPolicy}, with Kubernetes HPA stabilisation,
 * cooldown, step limits and a step budget; and the {@link io.processguard.scale.Backpressure}
 * gate that slows producers once the pool is at its maximum, so that no record is lost silently.
 */
@NullMarked
package io.processguard.scale;

import org.jspecify.annotations.NullMarked;
