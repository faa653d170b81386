package io.processguard.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may approve ({@code processguard.approvals.*}). Four-eyes always holds: the requester and
 * automated identities never approve. Mutable, for binding only.
 */
public class ApprovalsProperties {

  /** Identities (principal names) allowed to approve or deny; empty means anyone not refused otherwise. */
  private List<String> approvers = new ArrayList<>();

  /** Identities that are machines (service accounts) and may never approve; processguard always is. */
  private List<String> automated = new ArrayList<>();

  public List<String> getApprovers() {
    return approvers;
  }

  public void setApprovers(List<String> approvers) {
    this.approvers = approvers;
  }

  public List<String> getAutomated() {
    return automated;
  }

  public void setAutomated(List<String> automated) {
    this.automated = automated;
  }
}
