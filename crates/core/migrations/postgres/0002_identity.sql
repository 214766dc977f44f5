-- Identity and access: users, memberships of workspaces, teams, web sessions,
-- API tokens, failed sign-ins, and the owner of each party.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL,
    -- The lower-cased email: unique, so addresses differing in case are one user.
    email_key     text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    locale        text NOT NULL,
    password_hash text NOT NULL,
    version       bigint NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz
);

CREATE TABLE memberships (
    user_id      uuid NOT NULL REFERENCES users (id),
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    role         text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, workspace_id)
);

CREATE INDEX memberships_by_workspace ON memberships (workspace_id);

CREATE TABLE teams (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    name         text NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE team_members (
    team_id uuid NOT NULL REFERENCES teams (id),
    user_id uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (team_id, user_id)
);

CREATE INDEX team_members_by_user ON team_members (user_id);

-- A session is found by the hash of its cookie's secret: the table alone
-- cannot be used to sign in.
CREATE TABLE sessions (
    secret_hash  text PRIMARY KEY NOT NULL,
    user_id      uuid NOT NULL REFERENCES users (id),
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    secret_hash  text NOT NULL UNIQUE,
    user_id      uuid NOT NULL REFERENCES users (id),
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    name         text NOT NULL,
    scope        text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Failed sign-ins, by account (`email:…`) and by address (`addr:…`), for throttling.
CREATE TABLE login_failures (
    key text NOT NULL,
    at  timestamptz NOT NULL
);

CREATE INDEX login_failures_by_key ON login_failures (key, at);

ALTER TABLE parties ADD COLUMN owner_id uuid REFERENCES users (id);
