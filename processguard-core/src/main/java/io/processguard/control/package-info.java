/**
 * Control loops that run inside the guard's cycle beside the recovery engine (scaling is one):
 * the {@link io.processguard.control.Controller} contract and what it may see and do.
 */
@NullMarked
package io.processguard.control;

import org.jspecify.annotations.NullMarked;
