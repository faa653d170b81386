/** Binds ProcessGuard's meters to the application's Micrometer registry. */
@NullMarked
package io.processguard.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
