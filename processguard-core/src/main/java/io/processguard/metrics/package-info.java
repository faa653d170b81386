/**
 * Micrometer integration: the only package of ProcessGuard core that imports Micrometer, which is
 * an optional dependency.
 */
@NullMarked
package io.processguard.metrics;

import org.jspecify.annotations.NullMarked;
