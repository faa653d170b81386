/**
 * Micrometer meters for a guard, fed by its events: the only package of ProcessGuard's core that
 * imports Micrometer, which stays an optional dependency.
 */
@NullMarked
package io.processguard.metrics;

import org.jspecify.annotations.NullMarked;
