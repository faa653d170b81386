/** The CI runner fleet scenario: stuck builds found, interrupted, requeued or dead-lettered. */
@NullMarked
package io.processguard.examples.runners;

import org.jspecify.annotations.NullMarked;
