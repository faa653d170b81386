package io.processguard.target;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One critical thing ProcessGuard keeps alive (a worker pool, a pipeline stage, a database
 * primary, a runner fleet), as listed in the inventory: its name, business-impact tier, recovery
 * time objective, owner, runbook and tags.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder(String)}; every argument is checked
 * at once and the message names the target and the rejected value.
 *
 * @param name unique, non-blank, at most 128 characters of {@code [A-Za-z0-9._:/-]}
 * @param tier business impact
 * @param rto recovery time objective: how long the target may be down; strictly positive
 * @param owner the team or person who owns it; may be empty
 * @param runbook where an on-call engineer reads what to do; absolute http(s) URL, if present
 * @param tags low-cardinality labels, for grouping alerts and filtering the inventory
 */
public record Target(
    String name,
    Tier tier,
    Duration rto,
    String owner,
    Optional<URI> runbook,
    Map<String, String> tags) {

  /** Default tier when none is given: {@link Tier#MEDIUM}. */
  public static final Tier DEFAULT_TIER = Tier.MEDIUM;

  /** Default recovery time objective when none is given: 5 minutes. */
  public static final Duration DEFAULT_RTO = Duration.ofMinutes(5);

  /** Inventory order: tier (most critical first), then RTO (shortest first), then name. */
  public static final Comparator<Target> INVENTORY_ORDER =
      Comparator.comparing(Target::tier)
          .thenComparing(Target::rto)
          .thenComparing(Target::name);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  /** Validates and copies; prefer {@link #builder(String)}. */
  public Target {
    checkName(name);
    requireNonNull(tier, () -> "target '" + name + "': tier");
    checkRto(name, rto);
    requireNonNull(owner, () -> "target '" + name + "': owner");
    requireNonNull(runbook, () -> "target '" + name + "': runbook");
    tags = Map.copyOf(requireNonNull(tags, () -> "target '" + name + "': tags"));
  }

  /** Starts a target with the given name and the defaults. */
  public static Builder builder(String name) {
    return new Builder(checkName(name));
  }

  /** Returns a target with the given name and all defaults. */
  public static Target of(String name) {
    return builder(name).build();
  }

  static String checkName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("target name must not be blank, got '" + name + "'");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "target name '" + name + "' is invalid: use 1-128 characters of [A-Za-z0-9._:/-]");
    }
    return name;
  }

  static Duration checkRto(String name, @Nullable Duration rto) {
    if (rto == null || rto.isNegative() || rto.isZero()) {
      throw new IllegalArgumentException(
          "target '" + name + "': rto must be positive, got " + rto);
    }
    return rto;
  }

  static URI checkRunbook(String name, @Nullable String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "target '" + name + "': runbook must be an absolute http(s) URL, got '" + url + "'");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "target '" + name + "': runbook must be an absolute http(s) URL, got '" + url + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "target '" + name + "': runbook is not a valid URL, got '" + url + "': "
              + e.getReason(), e);
    }
  }

  /** Builds a {@link Target}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private Tier tier = DEFAULT_TIER;
    private Duration rto = DEFAULT_RTO;
    private String owner = "";
    private @Nullable URI runbook;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Sets the business-impact tier; default {@link #DEFAULT_TIER}. */
    public Builder tier(Tier tier) {
      this.tier = requireNonNull(tier, () -> "target '" + name + "': tier");
      return this;
    }

    /** Sets the recovery time objective; must be positive; default {@link #DEFAULT_RTO}. */
    public Builder rto(Duration rto) {
      this.rto = checkRto(name, rto);
      return this;
    }

    /** Sets the owning team or person. */
    public Builder owner(String owner) {
      this.owner = requireNonNull(owner, () -> "target '" + name + "': owner");
      return this;
    }

    /** Sets the runbook; must be an absolute http or https URL. */
    public Builder runbook(String url) {
      this.runbook = checkRunbook(name, url);
      return this;
    }

    /** Adds a tag; keys must be non-blank. */
    public Builder tag(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "target '" + name + "': tag key must not be blank, got '" + key + "'");
      }
      tags.put(key, requireNonNull(value, () -> "target '" + name + "': tag '" + key + "'"));
      return this;
    }

    /** Returns the target. */
    public Target build() {
      return new Target(name, tier, rto, owner, Optional.ofNullable(runbook), tags);
    }
  }
}
