/**
 * Watchdogs: they see work that stopped moving, where probes see symptoms. A {@link
 * io.processguard.watchdog.Heartbeat} catches a loop that stopped beating; a {@link
 * io.processguard.watchdog.JobWatchdog} catches jobs that overran their deadline and requeues or
 * dead-letters them so that no job is lost. Both are probes too, so ordinary conditions and
 * policies act on them, and both publish {@link io.processguard.watchdog.WatchdogEvent}s.
 */
@NullMarked
package io.processguard.watchdog;

import org.jspecify.annotations.NullMarked;
