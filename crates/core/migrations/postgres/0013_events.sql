-- Domain events: every audited change also writes what happened, typed and
-- shaped for the world outside, in the same transaction (an outbox). The
-- dispatcher hands each event once to what subscribes to it (webhooks),
-- marking it dispatched in the transaction that does so.
CREATE TABLE events (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    type          text NOT NULL,
    version       bigint NOT NULL,
    subject_id    uuid NOT NULL,
    actor         text NOT NULL,
    data          text NOT NULL,
    occurred_at   timestamptz NOT NULL,
    dispatched_at timestamptz
);

CREATE INDEX events_undispatched ON events (occurred_at, id) WHERE dispatched_at IS NULL;
CREATE INDEX events_by_workspace ON events (workspace_id, id);
