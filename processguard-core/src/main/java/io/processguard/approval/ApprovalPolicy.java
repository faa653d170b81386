package io.processguard.approval;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may approve. Four-eyes always holds: the requester of a request, and every automated
 * identity, can never approve it. If {@code approvers} is not empty, only those identities may
 * approve or deny.
 *
 * @param approvers identities allowed to decide; empty means any identity that is not refused
 *     otherwise
 * @param automated identities that are machines (never approvers); always includes {@value
 *     #AUTOMATION}
 */
public record ApprovalPolicy(Set<String> approvers, Set<String> automated) {

  /** The identity ProcessGuard itself acts and requests under. */
  public static final String AUTOMATION = "processguard";

  /** Anyone but the requester and the automated identities may decide. */
  public static final ApprovalPolicy DEFAULT = new ApprovalPolicy(Set.of(), Set.of(AUTOMATION));

  /** Validates and copies. */
  public ApprovalPolicy {
    approvers = Set.copyOf(requireNonNull(approvers, "approvers"));
    Set<String> machines = new LinkedHashSet<>(requireNonNull(automated, "automated"));
    machines.add(AUTOMATION);
    automated = Set.copyOf(machines);
  }

  /** Only these identities may approve or deny. */
  public static ApprovalPolicy approvers(String... identities) {
    return new ApprovalPolicy(Set.copyOf(List.of(identities)), Set.of(AUTOMATION));
  }

  /** Returns a copy that also treats these identities as automated (never approvers). */
  public ApprovalPolicy withAutomated(String... identities) {
    Set<String> machines = new LinkedHashSet<>(automated);
    machines.addAll(List.of(identities));
    return new ApprovalPolicy(approvers, machines);
  }

  /**
   * Returns why {@code operator} may not decide the request, or null when they may.
   */
  public @org.jspecify.annotations.Nullable String refusal(ApprovalRequest request, String operator) {
    if (operator == null || operator.isBlank()) {
      return "an operator identity is required";
    }
    if (automated.contains(operator)) {
      return "'" + operator + "' is an automated identity and cannot approve (four-eyes)";
    }
    if (operator.equals(request.requester())) {
      return "'" + operator + "' requested it and cannot approve their own request (four-eyes)";
    }
    if (!approvers.isEmpty() && !approvers.contains(operator)) {
      return "'" + operator + "' is not an authorised approver";
    }
    return null;
  }
}
