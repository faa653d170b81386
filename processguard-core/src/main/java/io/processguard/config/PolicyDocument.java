package io.processguard.config;

import static java.util.Objects.requireNonNull;

import io.processguard.policy.Policy;
import io.processguard.target.TargetSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated set of policy documents (one file, or every file of a directory): the targets and
 * policies they define, bound to the same model as the Java DSL, with the rollout of each
 * policy, the feature flags and the component names they declare. Immutable.
 *
 * @param source where it was read from (a file, a directory or a URL)
 * @param revision the declared {@code revision:}, or the first 12 hex digits of the hash
 * @param hash SHA-256 of the source bytes, hex
 * @param components the declared component names
 * @param flags the feature flags by name
 * @param targets the targets, in document order
 * @param policies the policies, in document order, in their declared mode
 * @param rollouts the rollout of each policy, by policy name ({@link Rollout#NONE} when none)
 */
public record PolicyDocument(
    String source,
    String revision,
    String hash,
    DeclaredComponents components,
    Map<String, FeatureFlag> flags,
    List<TargetSpec> targets,
    List<Policy> policies,
    Map<String, Rollout> rollouts) {

  /** Copies. */
  public PolicyDocument {
    requireNonNull(source, "source");
    requireNonNull(revision, "revision");
    requireNonNull(hash, "hash");
    requireNonNull(components, "components");
    flags = Map.copyOf(flags);
    targets = List.copyOf(targets);
    policies = List.copyOf(policies);
    rollouts = Map.copyOf(rollouts);
  }

  /** Returns the policy with that name, if any. */
  public Optional<Policy> findPolicy(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Returns the target spec with that name, if any. */
  public Optional<TargetSpec> findTarget(String name) {
    return targets.stream().filter(t -> t.target().name().equals(name)).findFirst();
  }

  /** Returns the rollout of a policy; {@link Rollout#NONE} if it has none. */
  public Rollout rollout(String policy) {
    return rollouts.getOrDefault(policy, Rollout.NONE);
  }
}
