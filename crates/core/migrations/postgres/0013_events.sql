-- Domain events: every audited change also writes what happened, typed and
-- shaped for the world outside, in the same transaction (an outbox), and with
-- it a delivery to each webhook endpoint that subscribes to its type.
CREATE TABLE events (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    type          text NOT NULL,
    version       bigint NOT NULL,
    subject_id    uuid NOT NULL,
    actor         text NOT NULL,
    data          text NOT NULL,
    occurred_at   timestamptz NOT NULL
);

CREATE INDEX events_by_workspace ON events (workspace_id, id);
