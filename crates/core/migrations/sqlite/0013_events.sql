-- Domain events: every audited change also writes what happened, typed and
-- shaped for the world outside, in the same transaction (an outbox), and with
-- it a delivery to each webhook endpoint that subscribes to its type.
CREATE TABLE events (
    id            BLOB PRIMARY KEY NOT NULL,
    workspace_id  BLOB NOT NULL REFERENCES workspaces (id),
    type          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    subject_id    BLOB NOT NULL,
    actor         TEXT NOT NULL,
    data          TEXT NOT NULL,
    occurred_at   TEXT NOT NULL
) STRICT;

CREATE INDEX events_by_workspace ON events (workspace_id, id);
