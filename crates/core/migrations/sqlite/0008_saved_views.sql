-- A member's saved views of the party list: a name and the list's filters as
-- a query string. Deleting one sets deleted_at; it can be restored.
CREATE TABLE saved_views (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    user_id      BLOB NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    query        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

CREATE INDEX saved_views_of_member ON saved_views (workspace_id, user_id);
