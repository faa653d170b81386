/** The root of ProcessGuard's event hierarchies and the listener contract. */
@NullMarked
package io.processguard.event;

import org.jspecify.annotations.NullMarked;
