/**
 * Fleet coordination: many ProcessGuard instances of one service acting as one. Four small SPIs
 * ({@link io.processguard.fleet.PolicyStore}, {@link io.processguard.fleet.ApprovalStore}, {@link
 * io.processguard.fleet.AuditSink}, {@link io.processguard.fleet.LeaseStore}) with in-memory
 * defaults and PostgreSQL implementations over plain JDBC ({@link
 * io.processguard.fleet.PostgresFleet}), composed by a {@link io.processguard.fleet.FleetCoordinator}
 * that a guard is given. See {@code docs/fleet.md}.
 */
@NullMarked
package io.processguard.fleet;

import org.jspecify.annotations.NullMarked;
