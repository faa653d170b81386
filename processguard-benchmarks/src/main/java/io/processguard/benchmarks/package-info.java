/**
 * JMH benchmarks of ProcessGuard's own cost, each beside the peer a user would otherwise use,
 * measured in the same run. Run them with {@code processguard-benchmarks/run-benchmarks.sh}.
 */
@NullMarked
package io.processguard.benchmarks;

import org.jspecify.annotations.NullMarked;
