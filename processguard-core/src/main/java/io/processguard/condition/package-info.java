/**
 * Conditions: pure state machines over samples and time that decide when a target is breached
 * and when it is clear again (threshold, consecutive samples, duration, flapping, hysteresis,
 * all-of and any-of). No threads inside; unit-testable with a fake ticker.
 */
@NullMarked
package io.processguard.condition;

import org.jspecify.annotations.NullMarked;
