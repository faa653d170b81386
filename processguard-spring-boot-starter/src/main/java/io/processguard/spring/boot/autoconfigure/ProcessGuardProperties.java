package io.processguard.spring.boot.autoconfigure;

import io.processguard.ProcessGuard;
import io.processguard.policy.Mode;
import io.processguard.policy.Policy;
import io.processguard.target.Severity;
import io.processguard.target.Target;
import io.processguard.target.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ProcessGuard's Spring Boot properties ({@code processguard.*}): targets with their probes and
 * conditions, and policies. They bind to the same model ({@code TargetSpec}, {@code Policy}) as
 * the Java builders; every problem is reported with its property path. Mutable, for binding only.
 */
@ConfigurationProperties("processguard")
public class ProcessGuardProperties {

  /** Whether ProcessGuard is auto-configured at all. */
  private boolean enabled = true;

  /** Number of threads that run probes. */
  private int probeThreads = ProcessGuard.DEFAULT_PROBE_THREADS;

  /** Number of threads that run recovery actions. */
  private int actionThreads = ProcessGuard.DEFAULT_ACTION_THREADS;

  /** Limit of ladder rungs running at once across all targets. */
  private int maxConcurrentRecoveries = ProcessGuard.DEFAULT_MAX_CONCURRENT_RECOVERIES;

  /** Number of closed incidents kept per target. */
  private int incidentHistory = ProcessGuard.DEFAULT_INCIDENT_HISTORY;

  /** Whether every event is logged through SLF4J (logger io.processguard.events). */
  private boolean logEvents = true;

  /**
   * Whether a mark-unready action on a readiness target flips the application's readiness
   * state to REFUSING_TRAFFIC (and back to ACCEPTING_TRAFFIC when every such target is ready).
   */
  private boolean readinessEnabled = true;

  /** The targets to guard, by name. */
  private Map<String, TargetProperties> targets = new LinkedHashMap<>();

  /** The recovery policies, by name. */
  private Map<String, PolicyProperties> policies = new LinkedHashMap<>();

  /**
   * The capabilities the guard may use, exactly (least privilege): observe, alert, restart, scale,
   * requeue, failover, destructive. Unset: all but failover and destructive.
   */
  private @Nullable List<String> grants;

  /** Who may approve actions that need a human. */
  private ApprovalsProperties approvals = new ApprovalsProperties();

  /** The file-backed audit log. */
  private AuditProperties audit = new AuditProperties();

  /** Policy documents loaded and hot-reloaded from a directory or URL. */
  private PolicyFilesProperties policyFiles = new PolicyFilesProperties();

  public PolicyFilesProperties getPolicyFiles() {
    return policyFiles;
  }

  public void setPolicyFiles(PolicyFilesProperties policyFiles) {
    this.policyFiles = policyFiles;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getProbeThreads() {
    return probeThreads;
  }

  public void setProbeThreads(int probeThreads) {
    this.probeThreads = probeThreads;
  }

  public int getActionThreads() {
    return actionThreads;
  }

  public void setActionThreads(int actionThreads) {
    this.actionThreads = actionThreads;
  }

  public int getMaxConcurrentRecoveries() {
    return maxConcurrentRecoveries;
  }

  public void setMaxConcurrentRecoveries(int maxConcurrentRecoveries) {
    this.maxConcurrentRecoveries = maxConcurrentRecoveries;
  }

  public int getIncidentHistory() {
    return incidentHistory;
  }

  public void setIncidentHistory(int incidentHistory) {
    this.incidentHistory = incidentHistory;
  }

  public boolean isLogEvents() {
    return logEvents;
  }

  public void setLogEvents(boolean logEvents) {
    this.logEvents = logEvents;
  }

  public boolean isReadinessEnabled() {
    return readinessEnabled;
  }

  public void setReadinessEnabled(boolean readinessEnabled) {
    this.readinessEnabled = readinessEnabled;
  }

  public Map<String, TargetProperties> getTargets() {
    return targets;
  }

  public void setTargets(Map<String, TargetProperties> targets) {
    this.targets = targets;
  }

  public Map<String, PolicyProperties> getPolicies() {
    return policies;
  }

  public void setPolicies(Map<String, PolicyProperties> policies) {
    this.policies = policies;
  }

  public @Nullable List<String> getGrants() {
    return grants;
  }

  public void setGrants(@Nullable List<String> grants) {
    this.grants = grants;
  }

  public ApprovalsProperties getApprovals() {
    return approvals;
  }

  public void setApprovals(ApprovalsProperties approvals) {
    this.approvals = approvals;
  }

  public AuditProperties getAudit() {
    return audit;
  }

  public void setAudit(AuditProperties audit) {
    this.audit = audit;
  }

  /** One target: inventory entry, probes by bean name, conditions by name. */
  public static class TargetProperties {

    /** Business-impact tier: critical, high, medium or low. */
    private Tier tier = Target.DEFAULT_TIER;

    /** Recovery time objective: how long the target may be down. */
    private Duration rto = Target.DEFAULT_RTO;

    /** The owning team or person. */
    private String owner = "";

    /** Absolute http(s) URL of the runbook. */
    private @Nullable String runbook;

    /** Low-cardinality labels. */
    private Map<String, String> tags = new LinkedHashMap<>();

    /**
     * Whether this target's readiness counts for the application's readiness state: a
     * mark-unready action on it makes the application REFUSING_TRAFFIC.
     */
    private boolean readiness = true;

    /**
     * Whether this target's quarantine breaks the application's liveness: when its restart budget
     * is spent and it is still failing, the application reports LivenessState.BROKEN so that the
     * orchestrator restarts the instance. Off by default.
     */
    private boolean liveness;

    /** Probes bound to the target, by the name of their Probe bean. */
    private Map<String, ProbeProperties> probes = new LinkedHashMap<>();

    /** Watched conditions, by name (the name policies refer to). */
    private Map<String, ConditionProperties> conditions = new LinkedHashMap<>();

    public Tier getTier() {
      return tier;
    }

    public void setTier(Tier tier) {
      this.tier = tier;
    }

    public Duration getRto() {
      return rto;
    }

    public void setRto(Duration rto) {
      this.rto = rto;
    }

    public String getOwner() {
      return owner;
    }

    public void setOwner(String owner) {
      this.owner = owner;
    }

    public @Nullable String getRunbook() {
      return runbook;
    }

    public void setRunbook(@Nullable String runbook) {
      this.runbook = runbook;
    }

    public Map<String, String> getTags() {
      return tags;
    }

    public void setTags(Map<String, String> tags) {
      this.tags = tags;
    }

    public boolean isReadiness() {
      return readiness;
    }

    public void setReadiness(boolean readiness) {
      this.readiness = readiness;
    }

    public boolean isLiveness() {
      return liveness;
    }

    public void setLiveness(boolean liveness) {
      this.liveness = liveness;
    }

    public Map<String, ProbeProperties> getProbes() {
      return probes;
    }

    public void setProbes(Map<String, ProbeProperties> probes) {
      this.probes = probes;
    }

    public Map<String, ConditionProperties> getConditions() {
      return conditions;
    }

    public void setConditions(Map<String, ConditionProperties> conditions) {
      this.conditions = conditions;
    }
  }

  /** How a probe bean runs for a target. */
  public static class ProbeProperties {

    /** How often the probe runs. */
    private Duration interval = Duration.ofSeconds(10);

    /** How long one run may take; defaults to the interval, capped at 10 seconds. */
    private @Nullable Duration timeout;

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }
  }

  /**
   * A watched condition: a signal against exactly one threshold (above, at-least, below or
   * at-most), or a probe that is down (probe-down), with debounce, flap detection and hysteresis.
   */
  public static class ConditionProperties {

    /** The signal the threshold reads, such as queue.depth. */
    private @Nullable String signal;

    /** Bad when the signal is strictly above this value. */
    private @Nullable Double above;

    /** Bad when the signal is at least this value. */
    private @Nullable Double atLeast;

    /** Bad when the signal is strictly below this value. */
    private @Nullable Double below;

    /** Bad when the signal is at most this value. */
    private @Nullable Double atMost;

    /** Bad while the named probe (bound to this target) is down or failing. */
    private @Nullable String probeDown;

    /** Consecutive bad samples needed to breach. */
    private int forSamples = 1;

    /** How long the bad run must last to breach. */
    private Duration forDuration = Duration.ZERO;

    /** Clears only when the signal is strictly below this value (hysteresis). */
    private @Nullable Double clearBelow;

    /** Clears only when the signal is strictly above this value (hysteresis). */
    private @Nullable Double clearAbove;

    /** Consecutive clear samples needed to clear. */
    private int clearAfter = 1;

    /** Flap detection: breach when this many of the last window samples were bad. */
    private @Nullable Flapping flapping;

    /** What a breach does to the target: warning (degraded) or critical (failing). */
    private Severity severity = Severity.CRITICAL;

    public @Nullable String getSignal() {
      return signal;
    }

    public void setSignal(@Nullable String signal) {
      this.signal = signal;
    }

    public @Nullable Double getAbove() {
      return above;
    }

    public void setAbove(@Nullable Double above) {
      this.above = above;
    }

    public @Nullable Double getAtLeast() {
      return atLeast;
    }

    public void setAtLeast(@Nullable Double atLeast) {
      this.atLeast = atLeast;
    }

    public @Nullable Double getBelow() {
      return below;
    }

    public void setBelow(@Nullable Double below) {
      this.below = below;
    }

    public @Nullable Double getAtMost() {
      return atMost;
    }

    public void setAtMost(@Nullable Double atMost) {
      this.atMost = atMost;
    }

    public @Nullable String getProbeDown() {
      return probeDown;
    }

    public void setProbeDown(@Nullable String probeDown) {
      this.probeDown = probeDown;
    }

    public int getForSamples() {
      return forSamples;
    }

    public void setForSamples(int forSamples) {
      this.forSamples = forSamples;
    }

    public Duration getForDuration() {
      return forDuration;
    }

    public void setForDuration(Duration forDuration) {
      this.forDuration = forDuration;
    }

    public @Nullable Double getClearBelow() {
      return clearBelow;
    }

    public void setClearBelow(@Nullable Double clearBelow) {
      this.clearBelow = clearBelow;
    }

    public @Nullable Double getClearAbove() {
      return clearAbove;
    }

    public void setClearAbove(@Nullable Double clearAbove) {
      this.clearAbove = clearAbove;
    }

    public int getClearAfter() {
      return clearAfter;
    }

    public void setClearAfter(int clearAfter) {
      this.clearAfter = clearAfter;
    }

    public @Nullable Flapping getFlapping() {
      return flapping;
    }

    public void setFlapping(@Nullable Flapping flapping) {
      this.flapping = flapping;
    }

    public Severity getSeverity() {
      return severity;
    }

    public void setSeverity(Severity severity) {
      this.severity = severity;
    }
  }

  /** N-within-M flap detection. */
  public static class Flapping {

    /** Bad samples within the window that breach. */
    private int breaches;

    /** The window, in samples (at most 64). */
    private int window;

    public int getBreaches() {
      return breaches;
    }

    public void setBreaches(int breaches) {
      this.breaches = breaches;
    }

    public int getWindow() {
      return window;
    }

    public void setWindow(int window) {
      this.window = window;
    }
  }

  /** A recovery policy for one target. */
  public static class PolicyProperties {

    /** The target's name. */
    private @Nullable String target;

    /** off, dry-run or enforce. */
    private Mode mode = Mode.ENFORCE;

    /** The rules, one per watched condition. */
    private List<RuleProperties> rules = new ArrayList<>();

    /** At most max-restarts restart attempts within period. */
    private Budget restartBudget = new Budget();

    /** Exponential backoff between restarts. */
    private BackoffProperties backoff = new BackoffProperties();

    /** How long one action may run before it counts as failed. */
    private Duration actionTimeout = Policy.DEFAULT_ACTION_TIMEOUT;

    /** Notifier beans paged once when recovery gives up; default the log notifier. */
    private List<String> escalateTo = new ArrayList<>();

    /** A hint for humans, sent with every alert. */
    private String remediation = "";

    /** Capabilities whose actions wait for a human's approval; unset: failover and destructive. */
    private @Nullable List<String> requireApproval;

    /** How long an approval request stays open before it expires (denied, escalated). */
    private Duration approvalTimeout = Policy.DEFAULT_APPROVAL_TIMEOUT;

    /** What a spent restart budget does: quarantine, or require-approval (ask for one more restart). */
    private String onBudgetExhausted = "quarantine";

    public @Nullable List<String> getRequireApproval() {
      return requireApproval;
    }

    public void setRequireApproval(@Nullable List<String> requireApproval) {
      this.requireApproval = requireApproval;
    }

    public Duration getApprovalTimeout() {
      return approvalTimeout;
    }

    public void setApprovalTimeout(Duration approvalTimeout) {
      this.approvalTimeout = approvalTimeout;
    }

    public String getOnBudgetExhausted() {
      return onBudgetExhausted;
    }

    public void setOnBudgetExhausted(String onBudgetExhausted) {
      this.onBudgetExhausted = onBudgetExhausted;
    }

    public @Nullable String getTarget() {
      return target;
    }

    public void setTarget(@Nullable String target) {
      this.target = target;
    }

    public Mode getMode() {
      return mode;
    }

    public void setMode(Mode mode) {
      this.mode = mode;
    }

    public List<RuleProperties> getRules() {
      return rules;
    }

    public void setRules(List<RuleProperties> rules) {
      this.rules = rules;
    }

    public Budget getRestartBudget() {
      return restartBudget;
    }

    public void setRestartBudget(Budget restartBudget) {
      this.restartBudget = restartBudget;
    }

    public BackoffProperties getBackoff() {
      return backoff;
    }

    public void setBackoff(BackoffProperties backoff) {
      this.backoff = backoff;
    }

    public Duration getActionTimeout() {
      return actionTimeout;
    }

    public void setActionTimeout(Duration actionTimeout) {
      this.actionTimeout = actionTimeout;
    }

    public List<String> getEscalateTo() {
      return escalateTo;
    }

    public void setEscalateTo(List<String> escalateTo) {
      this.escalateTo = escalateTo;
    }

    public String getRemediation() {
      return remediation;
    }

    public void setRemediation(String remediation) {
      this.remediation = remediation;
    }
  }

  /** One rule: a watched condition and its ladder. */
  public static class RuleProperties {

    /** The name of a condition watched on the policy's target. */
    private @Nullable String condition;

    /**
     * The rungs, first to last; each rung is one or more actions joined by '+': restart:NAME,
     * alert:NAME (or alert), mark-unready, custom:NAME.
     */
    private List<String> ladder = new ArrayList<>();

    /** How long after a rung the condition must clear to count as recovered. */
    private Duration verifyWithin = Policy.DEFAULT_VERIFY_WITHIN;

    public @Nullable String getCondition() {
      return condition;
    }

    public void setCondition(@Nullable String condition) {
      this.condition = condition;
    }

    public List<String> getLadder() {
      return ladder;
    }

    public void setLadder(List<String> ladder) {
      this.ladder = ladder;
    }

    public Duration getVerifyWithin() {
      return verifyWithin;
    }

    public void setVerifyWithin(Duration verifyWithin) {
      this.verifyWithin = verifyWithin;
    }
  }

  /** A restart budget. */
  public static class Budget {

    /** Restart attempts allowed within the period. */
    private int maxRestarts = 3;

    /** The sliding window. */
    private Duration period = Duration.ofMinutes(10);

    public int getMaxRestarts() {
      return maxRestarts;
    }

    public void setMaxRestarts(int maxRestarts) {
      this.maxRestarts = maxRestarts;
    }

    public Duration getPeriod() {
      return period;
    }

    public void setPeriod(Duration period) {
      this.period = period;
    }
  }

  /** Exponential backoff between restarts. */
  public static class BackoffProperties {

    /** The first delay; zero disables backoff. */
    private Duration initial = Duration.ofSeconds(5);

    /** Growth factor per restart, at least 1. */
    private double multiplier = 2.0;

    /** The cap. */
    private Duration max = Duration.ofMinutes(5);

    /** Spread as a fraction of the delay, in [0, 1). */
    private double jitter = 0.2;

    /** The stable period after which a restart streak ends. */
    private Duration resetAfter = Duration.ofMinutes(10);

    public Duration getInitial() {
      return initial;
    }

    public void setInitial(Duration initial) {
      this.initial = initial;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public Duration getMax() {
      return max;
    }

    public void setMax(Duration max) {
      this.max = max;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      this.jitter = jitter;
    }

    public Duration getResetAfter() {
      return resetAfter;
    }

    public void setResetAfter(Duration resetAfter) {
      this.resetAfter = resetAfter;
    }
  }
}
