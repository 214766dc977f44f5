-- Sign-in links: an owner or administrator gives a member (new, or one who
-- forgot their password) a link to set a password of their own. Only the
-- link's hash is kept; a link serves once and for a few days.
CREATE TABLE password_links (
    secret_hash  TEXT PRIMARY KEY NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id),
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
) STRICT;

CREATE INDEX password_links_by_user ON password_links (user_id);
