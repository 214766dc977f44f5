-- Foundation: workspaces, the party register, affiliations, notes, the audit log and
-- idempotency keys. Ids are UUIDv7 as 16-byte blobs; times are UTC text.

CREATE TABLE workspaces (
    id           BLOB PRIMARY KEY NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    currency     TEXT NOT NULL,
    locale       TEXT NOT NULL,
    time_zone    TEXT NOT NULL,
    phone_region TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

CREATE TABLE parties (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    kind         TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    name         TEXT NOT NULL,
    sort_key     TEXT NOT NULL,
    search_text  TEXT NOT NULL,
    emails       TEXT NOT NULL,
    phones       TEXT NOT NULL,
    addresses    TEXT NOT NULL,
    tags         TEXT NOT NULL,
    birthday     TEXT,
    internal     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

-- The party list pages by (sort_key, id) among live parties of one workspace.
CREATE INDEX parties_by_name ON parties (workspace_id, sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX parties_by_kind ON parties (workspace_id, kind, sort_key, id) WHERE deleted_at IS NULL;

CREATE TABLE party_tags (
    workspace_id BLOB NOT NULL,
    tag          TEXT NOT NULL,
    party_id     BLOB NOT NULL REFERENCES parties (id),
    PRIMARY KEY (workspace_id, tag, party_id)
) STRICT, WITHOUT ROWID;

-- Rewriting a party's tags finds its rows by party.
CREATE INDEX party_tags_by_party ON party_tags (party_id);

CREATE TABLE affiliations (
    id              BLOB PRIMARY KEY NOT NULL,
    workspace_id    BLOB NOT NULL REFERENCES workspaces (id),
    person_id       BLOB NOT NULL REFERENCES parties (id),
    organization_id BLOB NOT NULL REFERENCES parties (id),
    title           TEXT,
    version         INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;

CREATE UNIQUE INDEX affiliations_live_pair ON affiliations (person_id, organization_id) WHERE deleted_at IS NULL;
CREATE INDEX affiliations_by_organization ON affiliations (organization_id);

CREATE TABLE notes (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    party_id     BLOB NOT NULL REFERENCES parties (id),
    body         TEXT NOT NULL,
    author       TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

CREATE INDEX notes_by_party ON notes (party_id, id);

CREATE TABLE audit_log (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    BLOB NOT NULL,
    before       TEXT,
    after        TEXT,
    at           TEXT NOT NULL
) STRICT;

-- Which parties an audit entry concerns: an affiliation concerns two.
CREATE TABLE audit_parties (
    party_id BLOB NOT NULL,
    audit_id BLOB NOT NULL REFERENCES audit_log (id),
    PRIMARY KEY (party_id, audit_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE idempotency_keys (
    scope          TEXT NOT NULL,
    key            TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INTEGER,
    headers        TEXT,
    response       BLOB,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (scope, key)
) STRICT;
