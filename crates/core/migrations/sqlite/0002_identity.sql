-- Identity and access: users, memberships of workspaces, teams, web sessions,
-- API tokens, failed sign-ins, and the owner of each party.

CREATE TABLE users (
    id            BLOB PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL,
    -- The lower-cased email: unique, so addresses differing in case are one user.
    email_key     TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    locale        TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;

CREATE TABLE memberships (
    user_id      BLOB NOT NULL REFERENCES users (id),
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    role         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, workspace_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX memberships_by_workspace ON memberships (workspace_id);

CREATE TABLE teams (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (workspace_id, name)
) STRICT;

CREATE TABLE team_members (
    team_id BLOB NOT NULL REFERENCES teams (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX team_members_by_user ON team_members (user_id);

-- A session is found by the hash of its cookie's secret: the table alone
-- cannot be used to sign in.
CREATE TABLE sessions (
    secret_hash  TEXT PRIMARY KEY NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id),
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           BLOB PRIMARY KEY NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    user_id      BLOB NOT NULL REFERENCES users (id),
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT
) STRICT;

CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Failed sign-ins, by account (`email:…`) and by address (`addr:…`), for throttling.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
) STRICT;

CREATE INDEX login_failures_by_key ON login_failures (key, at);

ALTER TABLE parties ADD COLUMN owner_id BLOB REFERENCES users (id);
