-- A member's saved views of the party list: a name and the list's filters as
-- a query string. Deleting one sets deleted_at; it can be restored.
CREATE TABLE saved_views (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    user_id      uuid NOT NULL REFERENCES users (id),
    name         text NOT NULL,
    query        text NOT NULL,
    created_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE INDEX saved_views_of_member ON saved_views (workspace_id, user_id);
