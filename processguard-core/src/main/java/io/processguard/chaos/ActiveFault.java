package io.processguard.chaos;

import java.time.Instant;

/**
 * One fault that is injected now, as {@link Chaos#activeFaults()} lists it. Immutable.
 *
 * @param id unique within its {@link Chaos}
 * @param drill the drill that injected it
 * @param target the drilled target
 * @param fault what it does, in words
 * @param injectedAt when it was injected
 */
public record ActiveFault(long id, String drill, String target, String fault, Instant injectedAt) {}
