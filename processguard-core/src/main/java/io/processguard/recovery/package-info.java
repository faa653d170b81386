/**
 * Recovery: the contracts actions act on (restartables, custom actions), their adapters, the
 * incidents that follow a breach to its verified recovery, and recovery events.
 */
@NullMarked
package io.processguard.recovery;

import org.jspecify.annotations.NullMarked;
