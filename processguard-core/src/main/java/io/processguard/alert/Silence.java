package io.processguard.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A time-boxed silence: while {@code startsAt <= now < endsAt}, notifications whose target and
 * tags match are counted as {@link SuppressionReason#SILENCED} instead of being sent.
 *
 * <p>Matching is exact: the target (when given) must equal the notification's target, and every
 * tag matcher must equal the notification's tag of that key. At least one matcher is required, so
 * that a silence never mutes everything by accident. Immutable.
 *
 * @param id the silence's id, to remove it early
 * @param target the target it applies to; empty for any target
 * @param tags tag values that must all match
 * @param startsAt when it starts (inclusive)
 * @param endsAt when it ends (exclusive)
 * @param comment why, and who asked
 */
public record Silence(String id, Optional<String> target, Map<String, String> tags,
    Instant startsAt, Instant endsAt, String comment) {

  /** Validates and copies. */
  public Silence {
    requireNonNull(id, "id");
    requireNonNull(target, "target");
    tags = Map.copyOf(tags);
    requireNonNull(startsAt, "startsAt");
    requireNonNull(endsAt, "endsAt");
    requireNonNull(comment, "comment");
    if (!endsAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("silence '" + id + "' endsAt " + endsAt
          + " must be after startsAt " + startsAt);
    }
    if (target.isEmpty() && tags.isEmpty()) {
      throw new IllegalArgumentException("silence '" + id + "' needs a target or a tag matcher");
    }
  }

  /** Returns a silence of one target between the two instants. */
  public static Silence forTarget(String target, Instant startsAt, Instant endsAt) {
    return builder(startsAt, endsAt).target(target).build();
  }

  /** Starts a builder of a silence between the two instants. */
  public static Builder builder(Instant startsAt, Instant endsAt) {
    return new Builder(startsAt, endsAt);
  }

  /** Returns whether the silence is in force at the instant. */
  public boolean activeAt(Instant at) {
    return !at.isBefore(startsAt) && at.isBefore(endsAt);
  }

  /** Returns whether the silence is in force at the instant and matches the notification. */
  public boolean mutes(Notification n, Instant at) {
    if (!activeAt(at) || (target.isPresent() && !target.get().equals(n.target()))) {
      return false;
    }
    for (Map.Entry<String, String> m : tags.entrySet()) {
      if (!m.getValue().equals(n.tags().get(m.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** A mutable, single-thread builder of {@link Silence}. */
  public static final class Builder {
    private final Instant startsAt;
    private final Instant endsAt;
    private String id = UUID.randomUUID().toString();
    private Optional<String> target = Optional.empty();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String comment = "";

    private Builder(Instant startsAt, Instant endsAt) {
      this.startsAt = requireNonNull(startsAt, "startsAt");
      this.endsAt = requireNonNull(endsAt, "endsAt");
    }

    /** Sets the id; default a random UUID. */
    public Builder id(String value) {
      this.id = notBlank("id", value);
      return this;
    }

    /** Matches this target only. */
    public Builder target(String value) {
      this.target = Optional.of(notBlank("target", value));
      return this;
    }

    /** Matches notifications whose tag {@code key} equals {@code value}. */
    public Builder tag(String key, String value) {
      tags.put(notBlank("tag key", key), requireNonNull(value, "tag value"));
      return this;
    }

    /** Says why, and who asked. */
    public Builder comment(String value) {
      this.comment = requireNonNull(value, "comment");
      return this;
    }

    /**
     * Builds the silence.
     *
     * @throws IllegalArgumentException when it ends before it starts or has no matcher
     */
    public Silence build() {
      return new Silence(id, target, tags, startsAt, endsAt, comment);
    }

    private static String notBlank(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, got '" + value + "'");
      }
      return value;
    }
  }
}
