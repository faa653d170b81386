package io.processguard.fleet;

import io.processguard.approval.ApprovalStatus;
import java.util.List;
import java.util.Optional;

/**
 * Approval requests and decisions shared by a fleet. Decisions and execution claims are
 * compare-and-set: a request is decided once, and an approved request is executed by exactly
 * one instance, however many ask.
 *
 * <p>Implementations are thread-safe. Technical failures throw {@link FleetStoreException}.
 */
public interface ApprovalStore {
  /** Stores a pending request; storing the same id again changes nothing. */
  void open(SharedApproval request);

  /** Returns the request with this id, if stored. */
  Optional<SharedApproval> find(String id);

  /** Returns the pending requests, oldest first. */
  List<SharedApproval> pending();

  /**
   * Decides a pending request (compare-and-set from {@code PENDING}); returns the decided
   * request, or empty when it was not pending (unknown, or already decided: read {@link #find}).
   */
  Optional<SharedApproval> decide(String id, ApprovalStatus status, String operator, String reason);

  /**
   * Claims an approved request for execution by {@code instance} (compare-and-set from
   * "approved, not executed"). Exactly one caller ever gets true for a request.
   */
  boolean claimExecution(String id, String instance);

  /** Returns a store in this JVM's memory: the embedded default. */
  static ApprovalStore inMemory() {
    return new InMemoryApprovalStore();
  }
}
