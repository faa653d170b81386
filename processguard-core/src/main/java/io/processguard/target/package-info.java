/** The inventory: the critical things ProcessGuard keeps alive, by business impact and RTO. */
@NullMarked
package io.processguard.target;

import org.jspecify.annotations.NullMarked;
