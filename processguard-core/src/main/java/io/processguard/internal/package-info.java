/**
 * The engine behind the API: scheduling, probe runs, state, snapshots. Not an API: no API
 * package imports it, and its types may change in any release.
 */
@NullMarked
package io.processguard.internal;

import org.jspecify.annotations.NullMarked;
