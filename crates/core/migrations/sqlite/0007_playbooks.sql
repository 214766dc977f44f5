-- A playbook per conversion candidate: the lever, the steps taken (JSON),
-- and how it ended. One per party; a new one replaces a finished one.
CREATE TABLE conversion_playbooks (
    party_id     BLOB PRIMARY KEY NOT NULL REFERENCES parties (id),
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    lever        TEXT NOT NULL,
    status       TEXT NOT NULL,
    steps        TEXT NOT NULL,
    started_on   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- Conversions are counted from the history: customers who became clients.
CREATE INDEX relationship_history_by_change ON relationship_history (workspace_id, primary_kind, changed_at);
