package io.processguard.spring.boot.autoconfigure;

import io.processguard.ProcessGuard;
import io.processguard.alert.Notifier;
import io.processguard.audit.AuditConfig;
import io.processguard.audit.AuditLog;
import io.processguard.chaos.DrillAudit;
import io.processguard.chaos.DrillRunner;
import io.processguard.event.GuardEventListener;
import io.processguard.policy.Capability;
import io.processguard.policy.Policy;
import io.processguard.probe.Probe;
import io.processguard.recovery.Failover;
import io.processguard.recovery.RecoveryAction;
import io.processguard.recovery.Restartable;
import io.processguard.control.Controller;
import io.processguard.target.TargetSpec;
import io.processguard.validation.ValidationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Builds the {@link ProcessGuard} bean from {@code processguard.*} properties and the {@link
 * Probe}, {@link Restartable}, {@link Notifier}, {@link RecoveryAction}, {@link Failover},
 * {@link GuardEventListener} and {@link Controller} beans of the context (components by bean
 * name), with the context's {@link AuditLog} if there is one (a file-backed one from {@code
 * processguard.audit.*} otherwise), then lets every {@link ProcessGuardCustomizer} adjust the
 * builder. The guard starts when the
 * application is ready ({@link ProcessGuardLifecycle}).
 */
@AutoConfiguration
@ConditionalOnClass(ProcessGuard.class)
@ConditionalOnBooleanProperty(name = "processguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProcessGuardProperties.class)
public class ProcessGuardAutoConfiguration {

  /**
   * The guard, built and validated but not started. Throws {@link
   * ProcessGuardPropertiesException} naming every bad property.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ProcessGuard processGuard(ProcessGuardProperties properties, ListableBeanFactory beans,
      ObjectProvider<ProcessGuardCustomizer> customizers, ObjectProvider<AuditLog> auditLog,
      org.springframework.core.env.Environment environment) {
    ProcessGuard.Builder builder = ProcessGuard.builder()
        .probeThreads(properties.getProbeThreads())
        .actionThreads(properties.getActionThreads())
        .maxConcurrentRecoveries(properties.getMaxConcurrentRecoveries())
        .incidentHistory(properties.getIncidentHistory())
        .logEvents(properties.isLogEvents());
    beans.getBeansOfType(Probe.class).forEach(builder::probe);
    beans.getBeansOfType(Restartable.class).forEach(builder::restartable);
    beans.getBeansOfType(Notifier.class).forEach(builder::notifier);
    beans.getBeansOfType(RecoveryAction.class).forEach(builder::action);
    beans.getBeansOfType(Failover.class).forEach(builder::failover);
    auditLog.ifAvailable(builder::audit);
    beans.getBeansOfType(Controller.class).values().forEach(builder::controller);
    beans.getBeansOfType(GuardEventListener.class).values().forEach(builder::listener);
    beans.getBeansOfType(io.processguard.probe.ProbeObserver.class).values().forEach(builder::probeObserver);
    PropertiesSpecs specs = new PropertiesSpecs();
    specs.unknownKeys(environment);
    builder.approvals(specs.approvals(properties));
    specs.grants(properties).ifPresent(grants -> builder.grantOnly(grants.toArray(Capability[]::new)));
    Map<String, TargetSpec> targets = specs.targets(properties);
    Map<String, Policy> policies = specs.policies(properties);
    if (!specs.problems().isEmpty()) {
      throw new ProcessGuardPropertiesException(specs.problems());
    }
    targets.values().forEach(builder::target);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    ProcessGuard guard = build(builder, targets, specs);
    try {
      policies.forEach((name, policy) -> register(specs, PropertiesSpecs.policyPath(name), () -> guard.register(policy)));
      if (!specs.problems().isEmpty()) {
        throw new ProcessGuardPropertiesException(specs.problems());
      }
      return guard;
    } catch (RuntimeException e) {
      guard.close();
      throw e;
    }
  }

  /** Builds the guard; problems of targets from properties are reported on their properties. */
  private static ProcessGuard build(ProcessGuard.Builder builder, Map<String, TargetSpec> targets, PropertiesSpecs specs) {
    try {
      return builder.build();
    } catch (ValidationException e) {
      for (String name : targets.keySet()) {
        if (e.problems().stream().allMatch(p -> p.where().equals("target '" + name + "'"))) {
          specs.record(PropertiesSpecs.targetPath(name), e);
          throw new ProcessGuardPropertiesException(specs.problems());
        }
      }
      throw e;
    }
  }

  private static void register(PropertiesSpecs specs, String path, Runnable registration) {
    try {
      registration.run();
    } catch (ValidationException e) {
      specs.record(path, e);
    }
  }

  /**
   * The file-backed audit log of {@code processguard.audit.*}, opened (and verified) at start-up
   * and closed on shutdown, after the guard. Throws {@link ProcessGuardPropertiesException}
   * naming every bad property.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "processguard.audit", name = "path")
  public AuditLog processGuardAuditLog(ProcessGuardProperties properties) {
    PropertiesSpecs specs = new PropertiesSpecs();
    Map.Entry<Path, AuditConfig> audit = specs.audit(properties, System::getenv).orElse(null);
    if (audit == null || !specs.problems().isEmpty()) {
      throw new ProcessGuardPropertiesException(specs.problems());
    }
    return AuditLog.file(audit.getKey(), audit.getValue());
  }

  /**
   * Audits drills: when the application defines a {@link DrillRunner} and there is an audit log,
   * adds a {@link DrillAudit} listener to the runner once every singleton exists (the runner
   * needs the guard, which is built with the log), so every drill start and end is written with
   * its operator as the actor.
   */
  @Bean
  public SmartInitializingSingleton processGuardDrillAudit(ObjectProvider<DrillRunner> drillRunner,
      ObjectProvider<AuditLog> auditLog) {
    return () -> drillRunner.ifAvailable(runner -> auditLog.ifAvailable(log -> runner.addListener(DrillAudit.to(log))));
  }

  /** Starts the guard when the application is ready and stops it first on shutdown. */
  /**
   * Loads the policy documents at {@code processguard.policy-files.location} once at start-up
   * (an invalid first version fails the start-up, naming every problem) and then polls for new
   * versions, applying each valid one atomically and rejecting invalid ones while the running
   * version stays.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "processguard.policy-files", name = "location")
  public io.processguard.config.PolicyReloader processGuardPolicyReloader(ProcessGuard processGuard,
      ProcessGuardProperties properties) {
    PolicyFilesProperties files = properties.getPolicyFiles();
    String location = java.util.Objects.requireNonNull(files.getLocation());
    io.processguard.config.PolicySource source = location.startsWith("http://") || location.startsWith("https://")
        ? io.processguard.config.PolicySource.url(java.net.URI.create(location))
        : io.processguard.config.PolicySource.directory(java.nio.file.Path.of(location));
    String instance = files.getInstanceId() != null ? files.getInstanceId()
        : java.util.Optional.ofNullable(System.getenv("HOSTNAME")).orElse(java.util.UUID.randomUUID().toString());
    java.util.List<io.processguard.event.GuardEvent> rejected = new java.util.ArrayList<>();
    io.processguard.event.GuardEventListener firstLoad = e -> {
      if (e instanceof io.processguard.config.PolicyEvent.Rejected) {
        rejected.add(e);
      }
    };
    processGuard.addListener(firstLoad);
    io.processguard.config.PolicyReloader reloader =
        io.processguard.config.PolicyReloader.builder(processGuard, source).instanceId(instance).build();
    try {
      if (!reloader.poll()) {
        String why = rejected.isEmpty() ? "no policy document found"
            : ((io.processguard.config.PolicyEvent.Rejected) rejected.get(0)).problems().stream()
                .map(Object::toString).collect(Collectors.joining("\n  - ", "\n  - ", ""));
        reloader.close();
        throw new IllegalStateException("processguard.policy-files.location '" + location
            + "': the policy documents were not applied:" + why);
      }
    } finally {
      processGuard.removeListener(firstLoad);
    }
    return reloader.start(files.getPollInterval());
  }

  /**
   * The running policy versions on the {@code processguard} endpoint, at {@code
   * /actuator/processguard/policy-files}: the document's revision and hash, each policy's
   * revision, hash, canary fraction, effective mode and rollback reason, and the feature flags.
   */
  @Bean
  @ConditionalOnProperty(prefix = "processguard.policy-files", name = "location")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
      name = "io.processguard.spring.boot.autoconfigure.endpoint.EndpointSection")
  public io.processguard.spring.boot.autoconfigure.endpoint.EndpointSection processGuardPolicyFilesSection(
      ObjectProvider<io.processguard.config.PolicyReloader> reloader) {
    return new io.processguard.spring.boot.autoconfigure.endpoint.EndpointSection() {
      @Override
      public String name() {
        return "policy-files";
      }

      @Override
      public Object read() {
        io.processguard.config.PolicyReloader r = reloader.getObject();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        r.current().ifPresent(d -> {
          out.put("revision", d.revision());
          out.put("hash", d.hash());
        });
        out.put("policies", List.copyOf(r.running().values()));
        out.put("flags", r.flags());
        return out;
      }
    };
  }

  @Bean
  @ConditionalOnMissingBean
  public ProcessGuardLifecycle processGuardLifecycle(ProcessGuard processGuard) {
    return new ProcessGuardLifecycle(processGuard);
  }

  /**
   * Flips the application's readiness while a readiness target is marked unready; a listener,
   * so the guard picks it up like any other.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "processguard.readiness-enabled", matchIfMissing = true)
  public ReadinessPublisher processGuardReadinessPublisher(ProcessGuardProperties properties,
      ApplicationEventPublisher publisher) {
    Set<String> excluded = properties.getTargets().entrySet().stream()
        .filter(e -> !e.getValue().isReadiness())
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    return new ReadinessPublisher(publisher, excluded);
  }

  /**
   * Breaks the application's liveness while a liveness target is quarantined; a listener, so the
   * guard picks it up like any other.
   */
  @Bean
  @ConditionalOnMissingBean
  public LivenessPublisher processGuardLivenessPublisher(ProcessGuardProperties properties,
      ApplicationEventPublisher publisher) {
    Set<String> included = properties.getTargets().entrySet().stream()
        .filter(e -> e.getValue().isLiveness())
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    return new LivenessPublisher(publisher, included);
  }
}
