/** Health contributors for ProcessGuard targets, served from the guard's snapshot, and the bridge from a target's readiness to the application's availability. */
@NullMarked
package io.processguard.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
