package io.processguard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processguard.audit.AuditLog;
import io.processguard.audit.AuditRecord;
import io.processguard.audit.AuditVerification;
import io.processguard.condition.Condition;
import io.processguard.policy.ActionSpec;
import io.processguard.policy.Backoff;
import io.processguard.policy.BudgetExhaustion;
import io.processguard.policy.Capability;
import io.processguard.policy.Decision;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.policy.RestartBudget;
import io.processguard.policy.Rung;
import io.processguard.recovery.Failover;
import io.processguard.recovery.RecoveryEvent;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.TargetSpec;
import io.processguard.target.TargetState;
import io.processguard.testkit.FakeNotifier;
import io.processguard.testkit.FakeRestartable;
import io.processguard.testkit.GuardHarness;
import io.processguard.testkit.ProcessGuardExtension;
import io.processguard.testkit.Script;
import io.processguard.validation.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ProcessGuardExtension.class)
class ApprovalFlowTest {

  /** A two-node cluster that records fence and promote calls. */
  static final class TwoNodes implements Failover {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String primary = "db-a";

    @Override
    public String primary() {
      return primary;
    }

    @Override
    public Candidate candidate() {
      String standby = primary.equals("db-a") ? "db-b" : "db-a";
      return new Candidate(standby, true, "lag 0 B", Optional.empty());
    }

    @Override
    public void fence(String node) {
      calls.add("fence " + node);
    }

    @Override
    public void promote(String node) {
      calls.add("promote " + node);
      primary = node;
    }
  }

  private static TargetSpec db() {
    return TargetSpec.builder(Target.of("db"))
        .probe("up", Script.series("db.up", 0), Duration.ofSeconds(5))
        .condition("down", Severity.CRITICAL, Condition.signal("db.up").below(1).forSamples(2))
        .build();
  }

  private static Policy failoverPolicy(Mode mode) {
    return Policy.builder("db-failover", "db").mode(mode).approvalTimeout(Duration.ofMinutes(10))
        .rule("down", Rung.of(ActionSpec.failover("cluster"))).escalateTo("pager").build();
  }

  private ApprovalRequest startAndWaitForRequest(GuardHarness h, TwoNodes cluster) {
    h.notifier("pager");
    h.start(b -> b.grant(Capability.FAILOVER).failover("cluster", cluster).target(db()).policy(failoverPolicy(Mode.ENFORCE)));
    h.advance(Duration.ofSeconds(10));
    assertThat(h.guard().pendingApprovals()).hasSize(1);
    return h.guard().pendingApprovals().get(0);
  }

  @Test
  void register_failoverWithoutTheGrant_isRefusedNamingTheCapability_butDryRunIsAllowed(GuardHarness h) {
    TwoNodes cluster = new TwoNodes();
    h.notifier("pager");
    h.start(b -> b.failover("cluster", cluster).target(db()));
    assertThatThrownBy(() -> h.guard().register(failoverPolicy(Mode.ENFORCE)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("policy 'db-failover': rules[0].ladder[0].actions[0]: needs capability FAILOVER, which this "
            + "guard is not granted (granted: [OBSERVE, ALERT, RESTART, SCALE, REQUEUE]); grant it, or run the "
            + "policy in dry-run, got 'failover(cluster)'");
    h.guard().register(failoverPolicy(Mode.DRY_RUN));
    h.advance(Duration.ofMinutes(1));
    assertThat(cluster.calls).isEmpty();
    assertThat(h.events(RecoveryEvent.DecisionMade.class).get(0).record().decision())
        .isInstanceOf(Decision.NeedsApproval.class);
    assertThat(h.guard().pendingApprovals()).isEmpty();
  }

  @Test
  void approve_byASecondOperator_runsTheFailoverFenceFirst(GuardHarness h) {
    TwoNodes cluster = new TwoNodes();
    ApprovalRequest request = startAndWaitForRequest(h, cluster);
    assertThat(request.requester()).isEqualTo("processguard");
    assertThat(request.actions()).containsExactly("failover(cluster)");
    assertThat(request.expiresAt()).isEqualTo(request.requestedAt().plus(Duration.ofMinutes(10)));
    assertThat(request.evidence().conditionReason()).isEqualTo("db.up=0 < 1 for 2 samples");
    assertThat(cluster.calls).isEmpty();

    ApprovalRequest approved = h.guard().approve(request.id(), "alice", "standby is caught up");
    h.advance(Duration.ofSeconds(1));

    assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approved.decidedBy()).contains("alice");
    assertThat(cluster.calls).containsExactly("fence db-a", "promote db-b");
    assertThat(h.events(RecoveryEvent.ActionCompleted.class).get(0).detail())
        .isEqualTo("fenced db-a, promoted db-b (lag 0 B)");
    assertThat(h.events(ApprovalEvent.class)).extracting(ApprovalEvent::type)
        .containsExactly("approval.requested", "approval.approved");
  }

  @Test
  void approve_byTheRequesterOrAMachineOrAStranger_isRefusedAndRecorded(GuardHarness h) {
    TwoNodes cluster = new TwoNodes();
    h.notifier("pager");
    h.start(b -> b.grant(Capability.FAILOVER).failover("cluster", cluster).target(db())
        .approvals(ApprovalPolicy.approvers("alice", "bob").withAutomated("ci-bot"))
        .policy(failoverPolicy(Mode.ENFORCE)));
    h.advance(Duration.ofSeconds(10));
    String id = h.guard().pendingApprovals().get(0).id();

    assertThatThrownBy(() -> h.guard().approve(id, "processguard", "self"))
        .isInstanceOf(ApprovalException.class)
        .hasMessage("request '" + id + "' not decided: 'processguard' is an automated identity and cannot approve (four-eyes)");
    assertThatThrownBy(() -> h.guard().approve(id, "ci-bot", "ok"))
        .hasMessage("request '" + id + "' not decided: 'ci-bot' is an automated identity and cannot approve (four-eyes)");
    assertThatThrownBy(() -> h.guard().approve(id, "mallory", "trust me"))
        .hasMessage("request '" + id + "' not decided: 'mallory' is not an authorised approver");
    assertThatThrownBy(() -> h.guard().approve("apr-nope", "alice", "x"))
        .hasMessage("no approval request 'apr-nope'");
    assertThat(h.events(ApprovalEvent.Refused.class)).extracting(ApprovalEvent.Refused::operator)
        .containsExactly("processguard", "ci-bot", "mallory");
    assertThat(cluster.calls).isEmpty();
    assertThat(h.guard().pendingApprovals()).hasSize(1);

    h.guard().approve(id, "bob", "ok");
    assertThatThrownBy(() -> h.guard().approve(id, "alice", "again"))
        .hasMessage("request '" + id + "' is already APPROVED");
  }

  @Test
  void expiry_fallsBackToDenyAndEscalatesOnce(GuardHarness h) {
    TwoNodes cluster = new TwoNodes();
    FakeNotifier pager = h.notifier("pager");
    h.start(b -> b.grant(Capability.FAILOVER).failover("cluster", cluster).target(db()).policy(failoverPolicy(Mode.ENFORCE)));
    h.advance(Duration.ofSeconds(10));
    assertThat(h.guard().pendingApprovals().get(0).requestedAt()).isEqualTo(h.time().instant().minusSeconds(5));
    h.advance(Duration.ofMinutes(10).minusSeconds(5).minusNanos(1));
    assertThat(h.guard().pendingApprovals()).hasSize(1);
    h.advance(Duration.ofNanos(1));
    assertThat(h.guard().pendingApprovals()).isEmpty();
    ApprovalRequest expired = h.guard().approvals().get(0);
    assertThat(expired.status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(expired.decisionReason()).isEqualTo("nobody decided within PT10M; denied by default");
    assertThat(cluster.calls).isEmpty();
    h.assertThat("db").escalatedOnce().isIn(TargetState.FAILING);
    h.assertThat(pager).paged(1);
    assertThat(pager.pages().get(0).summary()).isEqualTo(
        "db: down needs a human: approval expired for failover(cluster): nobody decided within PT10M; denied by default");
  }

  @Test
  void deny_escalatesAndNothingRuns(GuardHarness h) {
    TwoNodes cluster = new TwoNodes();
    ApprovalRequest request = startAndWaitForRequest(h, cluster);
    h.guard().deny(request.id(), "alice", "maintenance in progress");
    h.advance(Duration.ofMinutes(1));
    assertThat(cluster.calls).isEmpty();
    h.assertThat("db").escalatedOnce();
  }

  @Test
  void budgetExhausted_withApprovalPolicy_asksForOneMoreRestartInsteadOfQuarantining(GuardHarness h) {
    FakeRestartable primary = h.restartable("primary");
    h.notifier("pager");
    h.start(b -> b.target(db()).policy(Policy.builder("strict", "db")
        .rule("down", Duration.ofSeconds(30), Rung.of(ActionSpec.restart("primary")), Rung.of(ActionSpec.restart("primary")))
        .restartBudget(RestartBudget.of(1, Duration.ofMinutes(30))).backoff(Backoff.NONE)
        .onBudgetExhausted(BudgetExhaustion.REQUIRE_APPROVAL).escalateTo("pager").build()));
    h.advance(Duration.ofMinutes(1));
    assertThat(primary.restarts()).isEqualTo(1);
    List<ApprovalRequest> pending = h.guard().pendingApprovals();
    assertThat(pending).hasSize(1);
    assertThat(h.events(RecoveryEvent.DecisionMade.class)).extracting(e -> e.record().decision().describe())
        .contains("wait for approval of restart(primary) beyond the spent restart budget (request " + pending.get(0).id() + ")");
    h.assertThat("db").neverQuarantined();

    h.guard().approve(pending.get(0).id(), "alice", "one more try");
    h.advance(Duration.ofSeconds(1));
    assertThat(primary.restarts()).isEqualTo(2);
  }

  @Test
  void audit_recordsDecisionsAndOperatorActsAndVerifies(GuardHarness h) {
    AuditLog audit = AuditLog.inMemory(h.time());
    TwoNodes cluster = new TwoNodes();
    h.notifier("pager");
    h.start(b -> b.audit(audit).grant(Capability.FAILOVER).failover("cluster", cluster).target(db())
        .policy(failoverPolicy(Mode.ENFORCE)));
    h.advance(Duration.ofSeconds(10));
    String id = h.guard().pendingApprovals().get(0).id();
    assertThatThrownBy(() -> h.guard().approve(id, "processguard", "self")).isInstanceOf(ApprovalException.class);
    h.guard().approve(id, "alice", "go");
    h.advance(Duration.ofSeconds(1));
    assertThat(audit.entries()).extracting(e -> e.record().actor() + " " + e.record().action() + " " + e.record().outcome())
        .containsExactly(
            "processguard incident.opened open",
            "processguard decision NeedsApproval",
            "processguard approval.requested pending",
            "processguard approval.refused refused",
            "alice approval.approved approved",
            "processguard decision Act",
            "processguard action.failover succeeded");
    assertThat(audit.verify()).isInstanceOf(AuditVerification.Intact.class);
  }

  @Test
  void audit_thatFails_stopsTheGuardFromActing(GuardHarness h) {
    AuditLog audit = AuditLog.inMemory(h.time());
    audit.close();
    FakeRestartable primary = h.restartable("primary");
    h.start(b -> b.audit(audit).target(db())
        .policy(Policy.builder("p", "db").rule("down", Rung.of(ActionSpec.restart("primary"))).build()));
    h.advance(Duration.ofMinutes(1));
    assertThat(primary.restarts()).isZero();
    assertThat(h.events(RecoveryEvent.DecisionMade.class).get(0).record().decision().describe())
        .startsWith("suppressed: the audit log is unavailable, so nothing is done (");
  }

  @Test
  void auditRecord_actorIsTheOperator() {
    assertThat(AuditRecord.of("alice", "approval.approved", "db", "approved").actor()).isEqualTo("alice");
  }
}
