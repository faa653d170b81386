package io.processguard.config;

import io.processguard.policy.Mode;

/**
 * What runs on this instance for one policy of the documents: its version and hash, the
 * rollout fraction in force, and the mode it effectively runs in. Immutable.
 *
 * @param name the policy
 * @param target its target
 * @param revision the document revision it arrived with (its version)
 * @param hash SHA-256 of the policy's definition (changes only when the policy does)
 * @param fraction the rollout fraction in force
 * @param mode the effective mode on this instance, after rollout, rollback and flags
 * @param rolledBack why it was rolled back, or empty
 */
public record RunningPolicy(String name, String target, String revision, String hash, double fraction, Mode mode,
    String rolledBack) {}
