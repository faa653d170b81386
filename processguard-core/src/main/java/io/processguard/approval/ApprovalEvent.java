package io.processguard.approval;

import io.processguard.event.GuardEvent;
import java.time.Instant;

/** Events of approvals: requested, approved, denied, expired, refused. Immutable records. */
public sealed interface ApprovalEvent extends GuardEvent {

  /** Returns the request as it stands after the event. */
  ApprovalRequest request();

  /**
   * An action needs approval; the request is pending.
   *
   * @param timestamp when
   * @param target the target
   * @param request the request
   */
  record Requested(Instant timestamp, String target, ApprovalRequest request) implements ApprovalEvent {
    @Override
    public String type() {
      return "approval.requested";
    }
  }

  /**
   * An authorised operator approved.
   *
   * @param timestamp when
   * @param target the target
   * @param request the request
   */
  record Approved(Instant timestamp, String target, ApprovalRequest request) implements ApprovalEvent {
    @Override
    public String type() {
      return "approval.approved";
    }
  }

  /**
   * An authorised operator denied.
   *
   * @param timestamp when
   * @param target the target
   * @param request the request
   */
  record Denied(Instant timestamp, String target, ApprovalRequest request) implements ApprovalEvent {
    @Override
    public String type() {
      return "approval.denied";
    }
  }

  /**
   * Nobody decided in time: denied by default, and escalated.
   *
   * @param timestamp when
   * @param target the target
   * @param request the request
   */
  record Expired(Instant timestamp, String target, ApprovalRequest request) implements ApprovalEvent {
    @Override
    public String type() {
      return "approval.expired";
    }
  }

  /**
   * Someone tried to decide and was refused (self-approval, automated identity, not authorised,
   * not pending).
   *
   * @param timestamp when
   * @param target the target
   * @param request the request as it stands
   * @param operator who tried
   * @param reason why they were refused
   */
  record Refused(Instant timestamp, String target, ApprovalRequest request, String operator, String reason)
      implements ApprovalEvent {
    @Override
    public String type() {
      return "approval.refused";
    }
  }
}
