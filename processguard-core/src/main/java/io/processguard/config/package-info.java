/**
 * Policy as code: policy documents in YAML or JSON that bind to the same targets and policies as
 * the Java DSL, with every problem reported at once by file and line; a command line to validate
 * and explain changes in CI; sources that a guard polls for new versions; and staged rollout
 * (canary, progressive steps, automatic rollback, feature flags).
 */
@NullMarked
package io.processguard.config;

import org.jspecify.annotations.NullMarked;
