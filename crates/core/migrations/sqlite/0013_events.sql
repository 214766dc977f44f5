-- Domain events: every audited change also writes what happened, typed and
-- shaped for the world outside, in the same transaction (an outbox). The
-- dispatcher hands each event once to what subscribes to it (webhooks),
-- marking it dispatched in the transaction that does so.
CREATE TABLE events (
    id            BLOB PRIMARY KEY NOT NULL,
    workspace_id  BLOB NOT NULL REFERENCES workspaces (id),
    type          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    subject_id    BLOB NOT NULL,
    actor         TEXT NOT NULL,
    data          TEXT NOT NULL,
    occurred_at   TEXT NOT NULL,
    dispatched_at TEXT
) STRICT;

CREATE INDEX events_undispatched ON events (occurred_at, id) WHERE dispatched_at IS NULL;
CREATE INDEX events_by_workspace ON events (workspace_id, id);
