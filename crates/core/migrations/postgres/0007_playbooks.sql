-- A playbook per conversion candidate: the lever, the steps taken (JSON),
-- and how it ended. One per party; a new one replaces a finished one.
CREATE TABLE conversion_playbooks (
    party_id     uuid PRIMARY KEY REFERENCES parties (id),
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    lever        text NOT NULL,
    status       text NOT NULL,
    steps        text NOT NULL,
    started_on   date NOT NULL,
    version      bigint NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Conversions are counted from the history: customers who became clients.
CREATE INDEX relationship_history_by_change ON relationship_history (workspace_id, primary_kind, changed_at);
