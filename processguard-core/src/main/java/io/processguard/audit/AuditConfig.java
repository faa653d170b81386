package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.security.KeyPair;
import org.jspecify.annotations.Nullable;

/**
 * How an audit log seals, times and stores its entries.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the HMAC key or the checkpoint
 * private key.
 *
 * @param key the HMAC-SHA256 key that seals each entry
 * @param clock where entry timestamps come from; default {@link Clock#systemUTC()}
 * @param durability when entries are forced to the device; default {@link #DEFAULT_DURABILITY}
 * @param batchMaxDelay in {@link Durability#FSYNC_BATCHED} mode, the longest an entry waits to be
 *     forced; default {@link #DEFAULT_BATCH_MAX_DELAY}
 * @param batchMaxEntries in {@link Durability#FSYNC_BATCHED} mode, how many unforced entries
 *     make the appender force at once; default {@link #DEFAULT_BATCH_MAX_ENTRIES}
 * @param checkpointSigner the Ed25519 key pair that signs checkpoints; empty for no checkpoints
 * @param checkpointEvery a checkpoint is written after every this many entries and on close;
 *     default {@link #DEFAULT_CHECKPOINT_EVERY}
 * @param instanceId the instance id written with records that carry none; empty for none
 */
public record AuditConfig(
    AuditKey key,
    Clock clock,
    Durability durability,
    Duration batchMaxDelay,
    int batchMaxEntries,
    Optional<KeyPair> checkpointSigner,
    int checkpointEvery,
    Optional<String> instanceId) {

  /** Default durability: {@link Durability#FSYNC_EVERY_ENTRY}. */
  public static final Durability DEFAULT_DURABILITY = Durability.FSYNC_EVERY_ENTRY;
  /** Default longest wait before a batched entry is forced: 50 ms. */
  public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofMillis(50);
  /** Default number of pending entries that forces a batch: 256. */
  public static final int DEFAULT_BATCH_MAX_ENTRIES = 256;
  /** Default checkpoint interval: every 1000 entries. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 1000;

  /** Validates. */
  public AuditConfig {
    requireNonNull(key, "key");
    requireNonNull(clock, "clock");
    requireNonNull(durability, "durability");
    checkDelay(batchMaxDelay);
    checkPositive("batchMaxEntries", batchMaxEntries);
    requireNonNull(checkpointSigner, "checkpointSigner");
    checkpointSigner.ifPresent(CheckpointKeys::requireEd25519);
    checkPositive("checkpointEvery", checkpointEvery);
    requireNonNull(instanceId, "instanceId");
    instanceId.ifPresent(id -> AuditRecord.requireText("instanceId", id));
  }

  /** Returns the defaults with this key. */
  public static AuditConfig ofDefaults(AuditKey key) {
    return builder(key).build();
  }

  /** Starts a config sealed with this key. */
  public static Builder builder(AuditKey key) {
    return new Builder(key);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "AuditConfig[key=%s, clock=%s, durability=%s, batchMaxDelay=%s, batchMaxEntries=%d, "
            + "checkpoints=%s, checkpointEvery=%d, instanceId=%s]",
        key, clock, durability, batchMaxDelay, batchMaxEntries,
        checkpointSigner.isPresent() ? "Ed25519 (private key redacted)" : "off", checkpointEvery,
        instanceId.orElse(""));
  }

  private static void checkDelay(@Nullable Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("audit batchMaxDelay must be positive, got " + d);
    }
  }

  private static void checkPositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("audit " + name + " must be at least 1, got " + value);
    }
  }

  /** Builds an {@link AuditConfig}; not thread-safe. */
  public static final class Builder {
    private final AuditKey key;
    private Clock clock = Clock.systemUTC();
    private Durability durability = DEFAULT_DURABILITY;
    private Duration batchMaxDelay = DEFAULT_BATCH_MAX_DELAY;
    private int batchMaxEntries = DEFAULT_BATCH_MAX_ENTRIES;
    private @Nullable KeyPair checkpointSigner;
    private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
    private @Nullable String instanceId;

    private Builder(AuditKey key) {
      this.key = requireNonNull(key, "key");
    }

    /** Sets the clock for timestamps. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Forces every entry before {@code append} returns ({@link Durability#FSYNC_EVERY_ENTRY}). */
    public Builder fsyncEveryEntry() {
      this.durability = Durability.FSYNC_EVERY_ENTRY;
      return this;
    }

    /** Forces in batches ({@link Durability#FSYNC_BATCHED}) of at most this delay and size. */
    public Builder fsyncBatched(Duration maxDelay, int maxEntries) {
      checkDelay(maxDelay);
      checkPositive("batchMaxEntries", maxEntries);
      this.durability = Durability.FSYNC_BATCHED;
      this.batchMaxDelay = maxDelay;
      this.batchMaxEntries = maxEntries;
      return this;
    }

    /** Signs a checkpoint with this Ed25519 key pair after every {@code every} entries and on close. */
    public Builder checkpoints(KeyPair signer, int every) {
      CheckpointKeys.requireEd25519(requireNonNull(signer, "signer"));
      checkPositive("checkpointEvery", every);
      this.checkpointSigner = signer;
      this.checkpointEvery = every;
      return this;
    }

    /** Sets the instance id written with records that carry none. */
    public Builder instanceId(String instanceId) {
      this.instanceId = AuditRecord.requireText("instanceId", instanceId);
      return this;
    }

    /** Returns the config. */
    public AuditConfig build() {
      return new AuditConfig(key, clock, durability, batchMaxDelay, batchMaxEntries,
          Optional.ofNullable(checkpointSigner), checkpointEvery, Optional.ofNullable(instanceId));
    }
  }
}
