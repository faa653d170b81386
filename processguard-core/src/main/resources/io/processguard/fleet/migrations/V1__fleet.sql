-- ProcessGuard fleet schema, version 1: policies, approvals, audit, leases, instances.
-- Every timestamp that decides anything (lease expiry, heartbeats) comes from now() or
-- clock_timestamp() on the server, never from an instance's clock.

CREATE TABLE processguard_policies (
  name        text        NOT NULL,
  version     bigint      NOT NULL CHECK (version >= 1),
  content     text        NOT NULL,
  sha256      char(64)    NOT NULL,
  published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (name, version)
);

CREATE TABLE processguard_approvals (
  id              text        PRIMARY KEY,
  owner_instance  text        NOT NULL,
  target          text        NOT NULL,
  incident_id     text        NOT NULL,
  actions         text        NOT NULL,
  reason          text        NOT NULL,
  requester       text        NOT NULL,
  requested_at    timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  status          text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED')),
  decided_by      text,
  decision_reason text        NOT NULL DEFAULT '',
  decided_at      timestamptz,
  executed_by     text,
  executed_at     timestamptz
);
CREATE INDEX processguard_approvals_pending ON processguard_approvals (status) WHERE status = 'PENDING';

-- One fleet-wide chain: the head row is locked (FOR UPDATE) by every append, so sequence
-- numbers and prev links are assigned one at a time across all instances.
CREATE TABLE processguard_audit_head (
  id        smallint PRIMARY KEY CHECK (id = 1),
  last_seq  bigint   NOT NULL,
  last_hash char(64) NOT NULL
);
INSERT INTO processguard_audit_head VALUES (1, 0, repeat('0', 64));

CREATE TABLE processguard_audit (
  seq       bigint      PRIMARY KEY,
  instance  text        NOT NULL,
  line      text        NOT NULL,
  hash      char(64)    NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE SEQUENCE processguard_fencing_tokens;

-- Singleton leases (leader election per action, e.g. 'failover:db-cluster').
CREATE TABLE processguard_leases (
  name        text        PRIMARY KEY,
  holder      text        NOT NULL,
  token       bigint      NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- Values written under a lease; a write carrying a token older than the stored one, or other
-- than the live lease's, is rejected.
CREATE TABLE processguard_fenced_state (
  key        text        PRIMARY KEY,
  value      text        NOT NULL,
  token      bigint      NOT NULL,
  written_by text        NOT NULL,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Disruption slots: one row per disruption, kept after it ends for exact accounting.
-- start_event and end_event come from one counter, so overlap can be computed exactly.
CREATE SEQUENCE processguard_slot_events;
CREATE TABLE processguard_slots (
  token       bigint      PRIMARY KEY,
  pool        text        NOT NULL,
  holder      text        NOT NULL,
  subject     text        NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  end_reason  text,
  start_event bigint      NOT NULL,
  end_event   bigint
);
CREATE INDEX processguard_slots_active ON processguard_slots (pool) WHERE end_event IS NULL;
CREATE INDEX processguard_slots_started ON processguard_slots (pool, acquired_at);

CREATE TABLE processguard_instances (
  instance_id     text        PRIMARY KEY,
  started_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  heartbeat_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  policy_versions text        NOT NULL DEFAULT '{}',
  detail          text        NOT NULL DEFAULT ''
);
