-- Commerce: what the business sells, orders with their lines and the
-- consumers who use each line, and the account team serving each party.

CREATE TABLE offerings (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    tailored     INTEGER NOT NULL,
    price_minor  INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

CREATE INDEX offerings_by_name ON offerings (workspace_id, name);

CREATE TABLE orders (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    buyer_id     BLOB NOT NULL REFERENCES parties (id),
    ordered_at   TEXT NOT NULL,
    status       TEXT NOT NULL,
    channel      TEXT,
    currency     TEXT NOT NULL,
    total_minor  INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;

CREATE INDEX orders_by_buyer ON orders (buyer_id, ordered_at);

CREATE TABLE order_lines (
    id               BLOB PRIMARY KEY NOT NULL,
    order_id         BLOB NOT NULL REFERENCES orders (id),
    position         INTEGER NOT NULL,
    offering_id      BLOB NOT NULL REFERENCES offerings (id),
    quantity         INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    discount_minor   INTEGER NOT NULL
) STRICT;

CREATE INDEX order_lines_by_order ON order_lines (order_id, position);

CREATE TABLE order_end_users (
    order_line_id BLOB NOT NULL REFERENCES order_lines (id),
    party_id      BLOB NOT NULL REFERENCES parties (id),
    PRIMARY KEY (order_line_id, party_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX order_end_users_by_party ON order_end_users (party_id);

-- Who at the business serves a party personally: account managers,
-- customer-success managers, service representatives.
CREATE TABLE account_team (
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    party_id     BLOB NOT NULL REFERENCES parties (id),
    user_id      BLOB NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (party_id, user_id, role)
) STRICT, WITHOUT ROWID;

-- Contracts with clients. Fee schedule, terms and quotas are JSON of the
-- domain types; status and signatures are columns the rules read.
CREATE TABLE contracts (
    id                 BLOB PRIMARY KEY NOT NULL,
    workspace_id       BLOB NOT NULL REFERENCES workspaces (id),
    client_id          BLOB NOT NULL REFERENCES parties (id),
    title              TEXT NOT NULL,
    scope              TEXT NOT NULL,
    fee                TEXT NOT NULL,
    currency           TEXT NOT NULL,
    starts_on          TEXT NOT NULL,
    ends_on            TEXT,
    renewal            TEXT NOT NULL,
    notice_days        INTEGER NOT NULL,
    status             TEXT NOT NULL,
    client_signed_on   TEXT,
    provider_signed_on TEXT,
    terms              TEXT NOT NULL,
    quotas             TEXT NOT NULL,
    version            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
) STRICT;

CREATE INDEX contracts_by_client ON contracts (client_id);
