package io.processguard.config;

import io.processguard.event.GuardEvent;
import io.processguard.validation.Problem;
import java.time.Instant;
import java.util.List;

/**
 * Events of policy distribution and rollout: a version loaded or rejected, a rollout stage
 * taken, a policy rolled back, a feature flag switched. Immutable records, published through
 * the guard's listeners. Events about the whole document set have an empty {@link #target()}.
 */
public sealed interface PolicyEvent extends GuardEvent {

  /**
   * A new version of the policy documents is running.
   *
   * @param timestamp when
   * @param source where it came from
   * @param revision the document set's revision
   * @param hash SHA-256 of the source bytes
   * @param policies every policy now running, with its version, hash and effective mode
   */
  record Loaded(Instant timestamp, String source, String revision, String hash, List<RunningPolicy> policies)
      implements PolicyEvent {
    /** Copies. */
    public Loaded {
      policies = List.copyOf(policies);
    }

    @Override
    public String target() {
      return "";
    }

    @Override
    public String type() {
      return "policy.loaded";
    }
  }

  /**
   * A new version was not applied; the running version stays.
   *
   * @param timestamp when
   * @param source where it came from
   * @param hash SHA-256 of the rejected bytes (empty if they could not be fetched)
   * @param runningRevision the revision that stays in force (empty if none)
   * @param problems every problem found
   */
  record Rejected(Instant timestamp, String source, String hash, String runningRevision, List<Problem> problems)
      implements PolicyEvent {
    /** Copies. */
    public Rejected {
      problems = List.copyOf(problems);
    }

    @Override
    public String target() {
      return "";
    }

    @Override
    public String type() {
      return "policy.rejected";
    }
  }

  /**
   * A policy's rollout moved to another stage: more (or fewer) instances enforce it.
   *
   * @param timestamp when
   * @param target the policy's target
   * @param policy the policy
   * @param revision its version
   * @param fromFraction the fraction before
   * @param toFraction the fraction now
   * @param enforcing whether this instance now enforces it
   */
  record StageChanged(Instant timestamp, String target, String policy, String revision, double fromFraction,
      double toFraction, boolean enforcing) implements PolicyEvent {
    @Override
    public String type() {
      return "policy.stage";
    }
  }

  /**
   * The guard acted more than the policy's declared normal, so the policy was rolled back.
   *
   * @param timestamp when
   * @param target the policy's target
   * @param policy the policy
   * @param revision the version rolled back
   * @param to what runs now: {@code revision <r>} or {@code dry-run}
   * @param reason the observed rate against the declared normal
   * @param paged the notifiers paged
   */
  record RolledBack(Instant timestamp, String target, String policy, String revision, String to, String reason,
      List<String> paged) implements PolicyEvent {
    /** Copies. */
    public RolledBack {
      paged = List.copyOf(paged);
    }

    @Override
    public String type() {
      return "policy.rolled_back";
    }
  }

  /**
   * A feature flag was switched at runtime.
   *
   * @param timestamp when
   * @param flag the flag
   * @param enabled its new state
   * @param by who switched it
   */
  record FlagChanged(Instant timestamp, String flag, boolean enabled, String by) implements PolicyEvent {
    @Override
    public String target() {
      return "";
    }

    @Override
    public String type() {
      return "policy.flag";
    }
  }
}
