/**
 * The tamper-evident audit log: every decision and every operator act, as an append-only JSON
 * Lines file whose entries are chained by SHA-256 and sealed with HMAC-SHA256, with optional
 * Ed25519-signed checkpoints that make a deleted tail detectable. See {@code docs/audit.md}.
 */
@NullMarked
package io.processguard.audit;

import org.jspecify.annotations.NullMarked;
