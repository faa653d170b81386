package io.processguard.spring.boot.autoconfigure.endpoint;

import static java.util.Objects.requireNonNull;

import io.processguard.ProcessGuard;
import io.processguard.approval.ApprovalException;
import io.processguard.approval.ApprovalRequest;
import io.processguard.approval.ApprovalStatus;
import io.processguard.audit.AuditLog;
import io.processguard.event.GuardEvent;
import io.processguard.policy.Policy;
import io.processguard.recovery.Incident;
import io.processguard.target.TargetStatus;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code processguard} actuator endpoint.
 *
 * <ul>
 *   <li>{@code GET /actuator/processguard}: inventory with states and reasons, quarantined
 *       targets, policies, and the names of the sections;
 *   <li>{@code GET /actuator/processguard/{section}}: {@code inventory}, {@code events} (the
 *       latest events, oldest first), {@code policies}, {@code quarantined}, {@code approvals}
 *       (pending and recent), {@code audit} (when the guard has an audit log: its size and
 *       verification), or an {@link EndpointSection} bean's view;
 *   <li>{@code GET /actuator/processguard/incidents/{target}}: the target's incidents;
 *   <li>{@code GET /actuator/processguard/approvals/{id}}: one approval request;
 *   <li>{@code POST /actuator/processguard/quarantine/{target}} with {@code {"reason": "..."}}:
 *       resets a quarantined target;
 *   <li>{@code POST /actuator/processguard/approvals/{id}/approve} (or {@code deny}) with {@code
 *       {"reason": "..."}}: decides a pending request; four-eyes refusals answer 403.
 * </ul>
 *
 * <p>With {@link EndpointDrills} (when the application defines a {@code DrillRunner}) also:
 *
 * <ul>
 *   <li>{@code GET /actuator/processguard/drills}: registered drills, the one running, recent
 *       reports (outcome and measures);
 *   <li>{@code GET /actuator/processguard/drills/{name}}: the drill's latest report as JSON;
 *       {@code GET /actuator/processguard/drills/{name}/html}: the same as an HTML page;
 *   <li>{@code POST /actuator/processguard/drills/{name}}: starts the drill as the authenticated
 *       operator on the drill thread; 202 with the report's path in {@code location}.
 * </ul>
 *
 * <p>The operator of a write is the authenticated principal; the core audits every write when
 * the guard has an audit log.
 *
 * <p>Reads serve the snapshot and never run a probe. Writes are refused (403) unless Spring
 * Security guards the endpoint or {@code processguard.endpoint.writes-enabled=true}.
 * Thread-safe.
 */
@Endpoint(id = "processguard")
public class ProcessGuardEndpoint {
  private static final String DRILLS = "drills";
  private static final List<String> BUILT_IN = List.of("inventory", "events", "policies", "quarantined",
      "approvals", "audit", "incidents", DRILLS);

  private static final String WRITES_DISABLED = "writes to the processguard endpoint are disabled: "
      + "add Spring Security (role PROCESSGUARD_OPERATOR) or set processguard.endpoint.writes-enabled=true";

  private final ProcessGuard guard;
  private final @Nullable AuditLog audit;
  private final RecentEvents recent;
  private final Map<String, EndpointSection> sections = new LinkedHashMap<>();
  private final boolean writesAllowed;
  private final @Nullable EndpointDrills drills;
  private final String basePath;

  /** Creates the endpoint without an audit view; {@code writesAllowed} false refuses every write with 403. */
  public ProcessGuardEndpoint(ProcessGuard guard, RecentEvents recent, List<EndpointSection> extra, boolean writesAllowed) {
    this(guard, recent, extra, writesAllowed, null);
  }

  /**
   * Creates the endpoint; {@code audit}, the log the guard writes to, is shown in the {@code
   * audit} section; {@code writesAllowed} false refuses every write with 403.
   */
  public ProcessGuardEndpoint(ProcessGuard guard, RecentEvents recent, List<EndpointSection> extra,
      boolean writesAllowed, @Nullable AuditLog audit) {
    this(guard, recent, extra, writesAllowed, audit, null, "/actuator/processguard");
  }

  /**
   * Creates the endpoint with drills; {@code basePath}, such as {@code /actuator/processguard},
   * prefixes the report locations a drill start answers with.
   */
  public ProcessGuardEndpoint(ProcessGuard guard, RecentEvents recent, List<EndpointSection> extra,
      boolean writesAllowed, @Nullable AuditLog audit, @Nullable EndpointDrills drills, String basePath) {
    this.drills = drills;
    this.basePath = requireNonNull(basePath, "basePath");
    this.guard = requireNonNull(guard, "guard");
    this.audit = audit;
    this.recent = requireNonNull(recent, "recent");
    for (EndpointSection s : extra) {
      if (BUILT_IN.contains(s.name()) || sections.putIfAbsent(s.name(), s) != null) {
        throw new IllegalArgumentException("endpoint section name '" + s.name() + "' is already taken");
      }
    }
    this.writesAllowed = writesAllowed;
  }

  /** Returns the overview: targets, quarantined targets, policies and the section names. */
  @ReadOperation
  public Map<String, Object> overview() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("targets", inventory());
    body.put("quarantined", guard.quarantined());
    body.put("policies", policies());
    List<String> names = new java.util.ArrayList<>(BUILT_IN.subList(0, 4));
    names.addAll(OperatorViews.names(audit != null));
    if (drills != null) {
      names.add(DRILLS);
    }
    names.addAll(sections.keySet());
    body.put("sections", names);
    return body;
  }

  /** Returns one section, or null (404) for an unknown name. */
  @ReadOperation
  public @Nullable Object section(@Selector String section) {
    switch (section) {
      case "inventory":
        return inventory();
      case "events":
        return recent.events().stream().map(ProcessGuardEndpoint::event).toList();
      case "policies":
        return policies();
      case "quarantined":
        return guard.quarantined();
      case "approvals":
        return OperatorViews.approvals(guard);
      case "audit":
        return audit == null ? null : OperatorViews.audit(audit);
      case DRILLS:
        return drills == null ? null : drills.view();
      default:
        EndpointSection extra = sections.get(section);
        return extra == null ? null : extra.read();
    }
  }

  /**
   * Returns a target's incidents, oldest first ({@code incidents/{target}}), one approval
   * request ({@code approvals/{id}}), or a drill's latest report ({@code drills/{name}}); null
   * (404) for an unknown target, request or drill, or a drill without a report yet.
   */
  @ReadOperation
  public @Nullable Object incidents(@Selector String section, @Selector String target) {
    if ("approvals".equals(section)) {
      return findApproval(target).map(OperatorViews::approval).orElse(null);
    }
    if (DRILLS.equals(section)) {
      return drills == null ? null : drills.reportJson(target);
    }
    if (!"incidents".equals(section) || guard.status(target).isEmpty()) {
      return null;
    }
    return guard.incidents(target).stream().map(ProcessGuardEndpoint::incident).toList();
  }

  /**
   * Approves or denies a pending request ({@code approvals/{id}/approve} or {@code deny}) as the
   * authenticated operator: 200 with the decided request; 403 when writes are not allowed, there
   * is no authenticated operator, or four-eyes refuses the operator (the requester, an automated
   * identity, someone not among the approvers); 404 for an unknown request; 409 when it is no
   * longer pending; 503 when the audit log cannot record the decision (nothing was decided).
   */
  @WriteOperation
  public WebEndpointResponse<Map<String, Object>> decide(@Selector String section, @Selector String id,
      @Selector String verb, String reason, @Nullable Principal principal) {
    if (!writesAllowed) {
      return response(403, WRITES_DISABLED);
    }
    boolean approve = "approve".equals(verb);
    Optional<ApprovalRequest> request = "approvals".equals(section) && (approve || "deny".equals(verb))
        ? findApproval(id) : Optional.empty();
    if (request.isEmpty()) {
      return response(WebEndpointResponse.STATUS_NOT_FOUND, "no approval request '" + id + "'");
    }
    if (principal == null) {
      return response(403, "deciding an approval needs an authenticated operator");
    }
    try {
      ApprovalRequest done = approve ? guard.approve(id, principal.getName(), reason)
          : guard.deny(id, principal.getName(), reason);
      return new WebEndpointResponse<>(OperatorViews.approval(done), WebEndpointResponse.STATUS_OK);
    } catch (ApprovalException e) {
      int status = request.get().status() == ApprovalStatus.PENDING ? 403 : 409;
      return response(status, String.valueOf(e.getMessage()));
    } catch (IllegalStateException e) {
      return response(503, String.valueOf(e.getMessage()));
    }
  }

  private Optional<ApprovalRequest> findApproval(String id) {
    return guard.approvals().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Returns a drill's latest report as one HTML page ({@code drills/{name}/html}); null (404) without one. */
  @ReadOperation(produces = "text/html")
  public @Nullable String page(@Selector String section, @Selector String name, @Selector String format) {
    if (!DRILLS.equals(section) || !"html".equals(format) || drills == null) {
      return null;
    }
    return drills.reportHtml(name);
  }

  /**
   * Resets a quarantined target ({@code quarantine/{target}} with a reason): 200 when reset, 404
   * for an unknown target, 409 when it is not quarantined, 400 without a reason. Or starts a drill
   * ({@code drills/{name}}, the reason optional): 202 with the report's path in {@code location}
   * once the drill runs on the drill thread, 404 for an unknown drill, 409 when the drill is
   * refused (not allowed on its target, another drill running), with the runner's message. 403
   * when writes are not allowed.
   */
  @WriteOperation
  public WebEndpointResponse<Map<String, Object>> reset(@Selector String section, @Selector String target,
      @Nullable String reason, @Nullable Principal principal) {
    if (!writesAllowed) {
      return response(403, WRITES_DISABLED);
    }
    if (DRILLS.equals(section) && drills != null) {
      return startDrill(target, principal);
    }
    if (!"quarantine".equals(section) || guard.status(target).isEmpty()) {
      return response(WebEndpointResponse.STATUS_NOT_FOUND, "no target '" + target + "' to reset");
    }
    if (reason == null) {
      return response(WebEndpointResponse.STATUS_BAD_REQUEST, "resetting a quarantine needs a reason");
    }
    String operator = principal == null ? "anonymous" : principal.getName();
    if (!guard.resetQuarantine(target, operator, reason)) {
      return response(409, "target '" + target + "' is not quarantined");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("target", target);
    body.put("reset", true);
    body.put("operator", operator);
    body.put("reason", reason);
    return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
  }

  private WebEndpointResponse<Map<String, Object>> startDrill(String name, @Nullable Principal principal) {
    EndpointDrills d = requireNonNull(drills, "drills");
    if (!d.has(name)) {
      return response(WebEndpointResponse.STATUS_NOT_FOUND, "no drill named '" + name + "'");
    }
    String operator = principal == null ? "anonymous" : principal.getName();
    try {
      d.start(name, operator);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return response(409, String.valueOf(e.getMessage()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("drill", name);
    body.put("status", "started");
    body.put("operator", operator);
    body.put("location", basePath + "/" + DRILLS + "/" + name);
    body.put("html", basePath + "/" + DRILLS + "/" + name + "/html");
    return new WebEndpointResponse<>(body, 202);
  }

  private static WebEndpointResponse<Map<String, Object>> response(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("message", message);
    return new WebEndpointResponse<>(body, status);
  }

  private List<Map<String, Object>> inventory() {
    return guard.snapshot().inventory().stream().map(ProcessGuardEndpoint::target).toList();
  }

  private List<Map<String, Object>> policies() {
    return guard.policies().stream().map(ProcessGuardEndpoint::policy).toList();
  }

  private static Map<String, Object> target(TargetStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("tier", s.target().tier().name());
    m.put("rto", s.target().rto().toString());
    m.put("owner", s.target().owner());
    m.put("runbook", s.target().runbook().map(Object::toString).orElse(null));
    m.put("tags", s.target().tags());
    m.put("state", s.state().name());
    m.put("reason", s.reason());
    m.put("since", s.since().toString());
    m.put("ready", s.ready());
    m.put("breached", s.breached());
    m.put("values", s.values());
    return m;
  }

  private static Map<String, Object> policy(Policy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("target", p.target());
    m.put("mode", p.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    TreeSet<String> conditions = new TreeSet<>();
    p.rules().forEach(r -> conditions.add(r.condition()));
    m.put("conditions", conditions);
    return m;
  }

  private static Map<String, Object> event(GuardEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("timestamp", e.timestamp().toString());
    m.put("target", e.target());
    m.put("type", e.type());
    m.put("detail", e.toString());
    return m;
  }

  private static Map<String, Object> incident(Incident i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("condition", i.condition());
    m.put("status", i.status().name());
    m.put("firstBadAt", i.firstBadAt().toString());
    m.put("breachedAt", i.breachedAt().toString());
    m.put("engagedAt", i.engagedAt().map(Object::toString).orElse(null));
    m.put("recoveredAt", i.recoveredAt().map(Object::toString).orElse(null));
    m.put("timeToDetect", i.timeToDetect().toString());
    m.put("timeToRecover", i.timeToRecover().map(Object::toString).orElse(null));
    m.put("timeline", i.timeline().stream().map(en -> Map.of("at", en.at().toString(), "what", en.what())).toList());
    return m;
  }
}
