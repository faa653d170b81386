package io.processguard.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.processguard.ProcessGuard;
import io.processguard.audit.AuditLog;
import io.processguard.policy.BudgetExhaustion;
import io.processguard.policy.Capability;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.recovery.Failover;
import io.processguard.target.TargetState;
import io.processguard.target.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

class ProcessGuardAutoConfigurationTest {
  static final String[] CHECKOUT = {
      "processguard.targets.checkout.tier=critical",
      "processguard.targets.checkout.rto=2m",
      "processguard.targets.checkout.probes.queueProbe.interval=5s",
      "processguard.targets.checkout.conditions.backlog.signal=queue.depth",
      "processguard.targets.checkout.conditions.backlog.above=1000",
      "processguard.targets.checkout.conditions.backlog.for-samples=2",
      "processguard.targets.checkout.conditions.backlog.clear-below=100",
      "processguard.policies.checkout.target=checkout",
      "processguard.policies.checkout.mode=dry-run",
      "processguard.policies.checkout.rules[0].condition=backlog",
      "processguard.policies.checkout.rules[0].verify-within=30s",
      "processguard.policies.checkout.rules[0].ladder[0]=restart:workers",
      "processguard.policies.checkout.rules[0].ladder[1]=mark-unready + alert:log",
      "processguard.policies.checkout.restart-budget.max-restarts=2",
      "processguard.policies.checkout.backoff.initial=0s",
      "processguard.policies.checkout.backoff.max=0s"};

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessGuardAutoConfiguration.class))
      .withUserConfiguration(ManualGuard.class);

  @Test
  void runWhenDefaults_shouldBuildTheGuardFromPropertiesAndBeans() {
    runner.withPropertyValues(CHECKOUT).run(context -> {
      ProcessGuard guard = context.getBean(ProcessGuard.class);
      assertThat(guard.inventory()).singleElement().satisfies(t -> {
        assertThat(t.name()).isEqualTo("checkout");
        assertThat(t.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(t.rto()).isEqualTo(Duration.ofMinutes(2));
      });
      Policy policy = guard.policies().get(0);
      assertThat(policy.name()).isEqualTo("checkout");
      assertThat(policy.mode()).isEqualTo(Mode.DRY_RUN);
      assertThat(policy.rules().get(0).ladder()).extracting(r -> r.describe())
          .containsExactly("restart(workers)", "mark-unready + alert(log)");
      assertThat(policy.rules().get(0).verifyWithin()).isEqualTo(Duration.ofSeconds(30));
      assertThat(policy.budget().maxRestarts()).isEqualTo(2);
      assertThat(context).hasSingleBean(ProcessGuardLifecycle.class);
      assertThat(context.getBean(ProcessGuardLifecycle.class).getPhase()).isEqualTo(Integer.MAX_VALUE - 512);
    });
  }

  @Test
  void runWhenProbeReportsBacklog_shouldBreachTheConditionBuiltFromProperties() {
    runner.withPropertyValues(CHECKOUT).run(context -> {
      ProcessGuard guard = context.getBean(ProcessGuard.class);
      ManualGuard manual = context.getBean(ManualGuard.class);
      manual.run(guard, Duration.ofSeconds(5));
      assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.HEALTHY);

      manual.depth.set(5000.0);
      manual.run(guard, Duration.ofSeconds(10));

      assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.FAILING);
      assertThat(guard.status("checkout").orElseThrow().breached()).containsExactly("backlog");
      assertThat(manual.restarts.get()).as("dry-run restarts nothing").isZero();
    });
  }

  @Test
  void runWhenUserDefinesAGuard_shouldBackOff() {
    runner.withBean("myGuard", ProcessGuard.class, () -> ProcessGuard.builder().schedulerThread(false).build())
        .withPropertyValues(CHECKOUT)
        .run(context -> {
          assertThat(context).hasSingleBean(ProcessGuard.class);
          assertThat(context.getBean(ProcessGuard.class).inventory()).isEmpty();
        });
  }

  @Test
  void runWhenCustomizerAddsAPolicyInJava_shouldApplyIt() {
    runner.withUserConfiguration(JavaPolicy.class).withPropertyValues(CHECKOUT[0], CHECKOUT[2], CHECKOUT[3],
        CHECKOUT[4]).run(context -> assertThat(context.getBean(ProcessGuard.class).policies()).extracting(Policy::name)
            .containsExactly("java"));
  }

  @Test
  void runWhenDisabled_shouldDefineNoGuard() {
    runner.withPropertyValues("processguard.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(ProcessGuard.class).doesNotHaveBean(ProcessGuardLifecycle.class));
  }

  @Test
  void runWhenCoreIsMissing_shouldDefineNoGuard() {
    runner.withClassLoader(new FilteredClassLoader(ProcessGuard.class)).run(context ->
        assertThat(context).doesNotHaveBean(ProcessGuardLifecycle.class));
  }

  @Test
  void runWhenALadderNamesAnUnknownRestartable_shouldFailNamingThePropertyAndValue() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.policies.checkout.rules[0].ladder[0]=restart:nope")
        .run(context -> {
          Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
          assertThat(root).isInstanceOf(ProcessGuardPropertiesException.class).hasMessage(
              "processguard.policies.checkout.rules[0].ladder[0]: names no registered restartable "
                  + "(registered: [workers]), got 'nope'");
        });
  }

  @Test
  void runWhenPropertiesHaveSeveralProblems_shouldReportEachWithItsPath() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues(
            "processguard.targets.checkout.conditions.backlog.below=5",
            "processguard.policies.checkout.rules[0].ladder[1]=reboot:everything",
            "processguard.policies.checkout.restart-budget.max-restarts=0")
        .run(context -> {
          ProcessGuardPropertiesException e = (ProcessGuardPropertiesException)
              NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
          assertThat(e.problems()).extracting(PropertyProblem::toString).containsExactly(
              "processguard.targets.checkout.conditions.backlog: needs exactly one of above, at-least, below, "
                  + "at-most, probe-down, got 'above, below'",
              "processguard.policies.checkout.rules[0].ladder[1]: each action must be restart:NAME, alert:NAME, "
                  + "alert, mark-unready, failover:NAME or custom:NAME, joined by '+', got 'reboot:everything'",
              "processguard.policies.checkout.restart-budget: restart budget maxRestarts must be >= 1, got '0'");
          FailureAnalysis analysis = new ProcessGuardFailureAnalyzer().analyze(e);
          assertThat(analysis.getDescription()).startsWith("Invalid ProcessGuard configuration:\n\n    "
              + "processguard.targets.checkout.conditions.backlog: needs exactly one of");
        });
  }

  @Test
  void runWhenAKeyIsMisspelt_shouldFailNamingThePropertyInsteadOfUsingTheDefault() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues(
            "processguard.targets.checkout.conditions.backlog.for-sample=3",
            "processguard.policies.checkout.rules[0].verify-whithin=10s")
        .run(context -> {
          ProcessGuardPropertiesException e = (ProcessGuardPropertiesException)
              NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
          assertThat(e.problems()).extracting(PropertyProblem::toString).containsExactly(
              "processguard.targets.checkout.conditions.backlog.for-sample: unknown property, got '3'",
              "processguard.policies.checkout.rules[0].verify-whithin: unknown property, got '10s'");
        });
  }

  @Test
  void runWhenCoreRefusesAValue_shouldShowTheRefusedValueOnce() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues(
            "processguard.targets.checkout.rto=0s",
            "processguard.targets.checkout.probes.queueProbe.interval=-5s",
            "processguard.targets.checkout.conditions.backlog.above=NaN")
        .run(context -> {
          ProcessGuardPropertiesException e = (ProcessGuardPropertiesException)
              NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
          assertThat(e.problems()).extracting(PropertyProblem::toString).containsExactly(
              "processguard.targets.checkout: target 'checkout': rto must be positive, got 'PT0S'",
              "processguard.targets.checkout.probes.queueProbe: probe 'queueProbe': interval must be at least 1ms, "
                  + "got 'PT-5S'",
              "processguard.targets.checkout.conditions.backlog: condition on 'queue.depth': threshold must be "
                  + "finite, got 'NaN'");
        });
  }

  @Test
  void runWhenAMarkUnreadyActionRuns_shouldRefuseTrafficUntilTheTargetRecovers() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.policies.checkout.mode=enforce",
            "processguard.policies.checkout.rules[0].ladder[0]=mark-unready")
        .withBean(ApplicationAvailabilityBean.class)
        .run(context -> {
          ProcessGuard guard = context.getBean(ProcessGuard.class);
          ManualGuard manual = context.getBean(ManualGuard.class);
          ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
          manual.run(guard, Duration.ofSeconds(5));
          manual.depth.set(5000.0);
          manual.run(guard, Duration.ofSeconds(10));
          assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

          manual.depth.set(10.0);
          manual.run(guard, Duration.ofSeconds(5));
          assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        });
  }

  @Test
  void runWhenALivenessTargetIsQuarantined_shouldBreakLivenessUntilItRecovers() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.policies.checkout.mode=enforce",
            "processguard.policies.checkout.rules[0].ladder[1]=restart:workers",
            "processguard.policies.checkout.rules[0].ladder[2]=restart:workers",
            "processguard.targets.checkout.liveness=true")
        .withBean(ApplicationAvailabilityBean.class)
        .run(context -> {
          ProcessGuard guard = context.getBean(ProcessGuard.class);
          ManualGuard manual = context.getBean(ManualGuard.class);
          ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
          // a started application is live; the runner publishes no start-up events of its own
          org.springframework.boot.availability.AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
          manual.run(guard, Duration.ofSeconds(5));
          manual.depth.set(5000.0);
          manual.run(guard, Duration.ofSeconds(60));
          assertThat(guard.status("checkout").orElseThrow().state()).isNotEqualTo(TargetState.QUARANTINED);
          assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
          manual.run(guard, Duration.ofSeconds(60));
          assertThat(guard.status("checkout").orElseThrow().state()).isEqualTo(TargetState.QUARANTINED);
          assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
          assertThat(context.getBean(LivenessPublisher.class).brokenTargets()).containsExactly("checkout");

          manual.depth.set(10.0);
          manual.run(guard, Duration.ofSeconds(5));
          assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
        });
  }

  @Test
  void runWhenReadinessIsOffForTheTarget_shouldNotTouchReadiness() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.policies.checkout.mode=enforce",
            "processguard.policies.checkout.rules[0].ladder[0]=mark-unready",
            "processguard.targets.checkout.readiness=false")
        .withBean(ApplicationAvailabilityBean.class)
        .run(context -> {
          ProcessGuard guard = context.getBean(ProcessGuard.class);
          ManualGuard manual = context.getBean(ManualGuard.class);
          manual.depth.set(5000.0);
          manual.run(guard, Duration.ofSeconds(15));
          assertThat(guard.status("checkout").orElseThrow().ready()).isFalse();
          assertThat(context.getBean(ReadinessPublisher.class).unreadyTargets()).isEmpty();
        });
  }

  @Test
  void runWhenApprovalGrantAndAuditPropertiesAreSet_shouldBindThemToTheGuard(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("audit.key"), Base64.getEncoder().encodeToString(new byte[32]));
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.grants=observe,alert,restart,failover",
            "processguard.approvals.approvers=alice,bob", "processguard.approvals.automated=ci-bot",
            "processguard.policies.checkout.require-approval=failover,restart",
            "processguard.policies.checkout.approval-timeout=5m",
            "processguard.policies.checkout.on-budget-exhausted=require-approval",
            "processguard.audit.path=" + dir.resolve("audit.log"), "processguard.audit.key-file=" + key,
            "processguard.audit.fsync=batched")
        .run(context -> {
          ProcessGuard guard = context.getBean(ProcessGuard.class);
          assertThat(guard.grants()).containsExactlyInAnyOrder(Capability.OBSERVE, Capability.ALERT,
              Capability.RESTART, Capability.FAILOVER);
          Policy policy = guard.policies().get(0);
          assertThat(policy.requireApproval()).containsExactlyInAnyOrder(Capability.FAILOVER, Capability.RESTART);
          assertThat(policy.approvalTimeout()).isEqualTo(Duration.ofMinutes(5));
          assertThat(policy.onBudgetExhausted()).isEqualTo(BudgetExhaustion.REQUIRE_APPROVAL);
          AuditLog audit = context.getBean(AuditLog.class);
          assertThat(audit.verify().isIntact()).isTrue();
          assertThat(Files.exists(dir.resolve("audit.log"))).isTrue();
        });
  }

  @Test
  void runWhenAFailoverBeanIsNamedInALadder_shouldBindIt() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.grants=observe,alert,restart,failover",
            "processguard.policies.checkout.rules[0].ladder[0]=failover:dbFailover")
        .withBean("dbFailover", Failover.class, () -> new Failover() {
          @Override
          public String primary() {
            return "db-1";
          }

          @Override
          public Candidate candidate() {
            return new Candidate("db-2", true, "ok", java.util.Optional.empty());
          }

          @Override
          public void fence(String node) {}

          @Override
          public void promote(String node) {}
        })
        .run(context -> assertThat(context.getBean(ProcessGuard.class).policies().get(0).rules().get(0).ladder())
            .extracting(r -> r.describe()).containsExactly("failover(dbFailover)", "mark-unready + alert(log)"));
  }

  @Test
  void runWhenApprovalGrantAndPolicyValuesAreBad_shouldReportEachWithItsPath() {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.grants=observe,reboot",
            "processguard.approvals.approvers=alice, ",
            "processguard.policies.checkout.require-approval=everything",
            "processguard.policies.checkout.on-budget-exhausted=panic")
        .run(context -> {
          ProcessGuardPropertiesException e = (ProcessGuardPropertiesException)
              NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
          assertThat(e.problems()).extracting(PropertyProblem::toString).containsExactly(
              "processguard.approvals.approvers[1]: an identity must not be blank, got ''",
              "processguard.grants[1]: must be one of observe, alert, restart, scale, requeue, failover, "
                  + "destructive, got 'reboot'",
              "processguard.policies.checkout.require-approval[0]: must be one of observe, alert, restart, scale, "
                  + "requeue, failover, destructive, got 'everything'",
              "processguard.policies.checkout.on-budget-exhausted: must be quarantine or require-approval, "
                  + "got 'panic'");
        });
  }

  @Test
  void runWhenTheAuditKeyIsMissingOrUnset_shouldFailNamingTheProperty(@TempDir Path dir) {
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.audit.path=" + dir.resolve("audit.log"))
        .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
            .hasMessage("processguard.audit: a file audit log needs exactly one of key-env, key-file, got 'neither'"));
    runner.withPropertyValues(CHECKOUT)
        .withPropertyValues("processguard.audit.path=" + dir.resolve("audit.log"),
            "processguard.audit.key-env=PROCESSGUARD_TEST_UNSET_KEY", "processguard.audit.fsync=sometimes")
        .run(context -> assertThat(((ProcessGuardPropertiesException) NestedExceptionUtils.getMostSpecificCause(
            context.getStartupFailure())).problems()).extracting(PropertyProblem::toString).containsExactly(
                "processguard.audit.key-env: audit key environment variable 'PROCESSGUARD_TEST_UNSET_KEY' is not set, "
                    + "got 'PROCESSGUARD_TEST_UNSET_KEY'",
                "processguard.audit.fsync: must be every-entry or batched, got 'sometimes'"));
  }

  @Configuration(proxyBeanMethods = false)
  static class JavaPolicy {
    @Bean
    ProcessGuardCustomizer javaPolicy() {
      return b -> b.policy(Policy.builder("java", "checkout").rule("backlog",
          io.processguard.policy.Rung.of(io.processguard.policy.ActionSpec.alert())).build());
    }
  }
}
