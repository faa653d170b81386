/** Probes: small measurements of a target, returning named numeric signals and a status. */
@NullMarked
package io.processguard.probe;

import org.jspecify.annotations.NullMarked;
