package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import io.processguard.approval.ApprovalStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Approval requests in {@code processguard_approvals}; decisions and claims are conditional updates. */
final class PostgresApprovalStore implements ApprovalStore {
  private static final String COLUMNS = "id, owner_instance, target, incident_id, actions, reason, requester, "
      + "requested_at, expires_at, status, decided_by, decision_reason, executed_by";
  private final Jdbc jdbc;

  PostgresApprovalStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void open(SharedApproval r) {
    requireNonNull(r, "request");
    jdbc.tx("open approval " + r.id(), c -> Jdbc.update(c, "INSERT INTO processguard_approvals (id, owner_instance, "
        + "target, incident_id, actions, reason, requester, requested_at, expires_at, status) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING') ON CONFLICT (id) DO NOTHING", r.id(), r.ownerInstance(),
        r.target(), r.incidentId(), String.join("\n", r.actions()), r.reason(), r.requester(), r.requestedAt(),
        r.expiresAt()));
  }

  @Override
  public Optional<SharedApproval> find(String id) {
    requireNonNull(id, "id");
    return jdbc.tx("find approval " + id, c -> first(query(c, "SELECT " + COLUMNS
        + " FROM processguard_approvals WHERE id = ?", id)));
  }

  @Override
  public List<SharedApproval> pending() {
    return jdbc.tx("list pending approvals", c -> query(c, "SELECT " + COLUMNS
        + " FROM processguard_approvals WHERE status = 'PENDING' ORDER BY requested_at, id"));
  }

  @Override
  public Optional<SharedApproval> decide(String id, ApprovalStatus status, String operator, String reason) {
    requireNonNull(id, "id");
    return jdbc.tx("decide approval " + id, c -> first(query(c, "UPDATE processguard_approvals SET status = ?, "
        + "decided_by = ?, decision_reason = ?, decided_at = clock_timestamp() WHERE id = ? AND status = 'PENDING' "
        + "RETURNING " + COLUMNS, status.name(), operator, reason, id)));
  }

  @Override
  public boolean claimExecution(String id, String instance) {
    requireNonNull(id, "id");
    return jdbc.tx("claim approval " + id, c -> Jdbc.update(c, "UPDATE processguard_approvals SET executed_by = ?, "
        + "executed_at = clock_timestamp() WHERE id = ? AND status = 'APPROVED' AND executed_by IS NULL",
        instance, id) == 1);
  }

  private static Optional<SharedApproval> first(List<SharedApproval> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static List<SharedApproval> query(java.sql.Connection c, String sql, Object... args) throws SQLException {
    List<SharedApproval> out = new ArrayList<>();
    try (PreparedStatement ps = Jdbc.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String actions = rs.getString("actions");
        out.add(new SharedApproval(rs.getString("id"), rs.getString("owner_instance"), rs.getString("target"),
            rs.getString("incident_id"), actions.isEmpty() ? List.of() : Arrays.asList(actions.split("\n")),
            rs.getString("reason"), rs.getString("requester"), Jdbc.instant(rs, "requested_at"),
            Jdbc.instant(rs, "expires_at"), ApprovalStatus.valueOf(rs.getString("status")),
            Optional.ofNullable(rs.getString("decided_by")), rs.getString("decision_reason"),
            Optional.ofNullable(rs.getString("executed_by"))));
      }
    }
    return out;
  }
}
