-- Foundation: workspaces, the party register, affiliations, notes, the audit log and
-- idempotency keys. The same shape as the SQLite schema, in native types.

CREATE TABLE workspaces (
    id           uuid PRIMARY KEY,
    slug         text NOT NULL UNIQUE,
    name         text NOT NULL,
    currency     text NOT NULL,
    locale       text NOT NULL,
    time_zone    text NOT NULL,
    phone_region text NOT NULL,
    version      bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE TABLE parties (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    kind         text NOT NULL CHECK (kind IN ('person', 'organization')),
    name         text NOT NULL,
    -- "C" collation: the same order as SQLite's, so paging behaves alike on both.
    sort_key     text COLLATE "C" NOT NULL,
    search_text  text NOT NULL,
    emails       text NOT NULL,
    phones       text NOT NULL,
    addresses    text NOT NULL,
    tags         text NOT NULL,
    birthday     date,
    internal     boolean NOT NULL,
    version      bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE INDEX parties_by_name ON parties (workspace_id, sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX parties_by_kind ON parties (workspace_id, kind, sort_key, id) WHERE deleted_at IS NULL;

CREATE TABLE party_tags (
    workspace_id uuid NOT NULL,
    tag          text NOT NULL,
    party_id     uuid NOT NULL REFERENCES parties (id),
    PRIMARY KEY (workspace_id, tag, party_id)
);

-- Rewriting a party's tags finds its rows by party.
CREATE INDEX party_tags_by_party ON party_tags (party_id);

CREATE TABLE affiliations (
    id              uuid PRIMARY KEY,
    workspace_id    uuid NOT NULL REFERENCES workspaces (id),
    person_id       uuid NOT NULL REFERENCES parties (id),
    organization_id uuid NOT NULL REFERENCES parties (id),
    title           text,
    version         bigint NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);

CREATE UNIQUE INDEX affiliations_live_pair ON affiliations (person_id, organization_id) WHERE deleted_at IS NULL;
CREATE INDEX affiliations_by_organization ON affiliations (organization_id);

CREATE TABLE notes (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    party_id     uuid NOT NULL REFERENCES parties (id),
    body         text NOT NULL,
    author       text NOT NULL,
    version      bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE INDEX notes_by_party ON notes (party_id, id);

CREATE TABLE audit_log (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    uuid NOT NULL,
    before       text,
    after        text,
    at           timestamptz NOT NULL
);

CREATE TABLE audit_parties (
    party_id uuid NOT NULL,
    audit_id uuid NOT NULL REFERENCES audit_log (id),
    PRIMARY KEY (party_id, audit_id)
);

CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer,
    headers      text,
    response     bytea,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
