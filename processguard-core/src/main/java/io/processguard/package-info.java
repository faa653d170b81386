/** ProcessGuard: keeps the critical parts of a running JVM service alive. Start at {@link io.processguard.ProcessGuard}. */
@NullMarked
package io.processguard;

import org.jspecify.annotations.NullMarked;
