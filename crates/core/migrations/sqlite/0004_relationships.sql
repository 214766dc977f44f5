-- The relationship engine's memory: per party, what its orders add up to
-- and how it is classified; every change of classification; overrides set by
-- hand; refunds and exchanges; the use of contract quotas; and each
-- workspace's policy and words.

ALTER TABLE workspaces ADD COLUMN relationship_policy TEXT NOT NULL DEFAULT '{}';
ALTER TABLE workspaces ADD COLUMN terminology TEXT NOT NULL DEFAULT '{}';

-- One row per party. The summary columns are kept in step with every order
-- write so that reclassifying a workspace never reads its orders again; the
-- classification columns are the engine's answer as of `classified_on`.
CREATE TABLE party_relationships (
    party_id            BLOB PRIMARY KEY NOT NULL REFERENCES parties (id),
    workspace_id        BLOB NOT NULL REFERENCES workspaces (id),
    purchase_days       INTEGER NOT NULL,
    first_purchase_on   TEXT,
    last_purchase_on    TEXT,
    professional_order  TEXT,
    use_count           INTEGER NOT NULL,
    first_use_order     TEXT,
    first_use_buyer_id  BLOB,
    primary_kind        TEXT NOT NULL,
    kinds               INTEGER NOT NULL,
    lifecycle           TEXT,
    b2b                 INTEGER,
    explanation         TEXT NOT NULL,
    -- Counts writes, so that a whole-workspace pass never overwrites a
    -- fresher answer written by a concurrent change.
    revision            INTEGER NOT NULL,
    classified_on       TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE INDEX party_relationships_summary ON party_relationships (workspace_id, primary_kind, lifecycle);

CREATE TABLE relationship_history (
    id                 BLOB PRIMARY KEY NOT NULL,
    workspace_id       BLOB NOT NULL REFERENCES workspaces (id),
    party_id           BLOB NOT NULL REFERENCES parties (id),
    changed_at         TEXT NOT NULL,
    -- What caused the change, such as `order.create` or `time`.
    cause              TEXT NOT NULL,
    actor              TEXT NOT NULL,
    primary_kind       TEXT NOT NULL,
    kinds              INTEGER NOT NULL,
    lifecycle          TEXT,
    b2b                INTEGER,
    explanation        TEXT NOT NULL,
    previous_primary   TEXT,
    previous_kinds     INTEGER,
    previous_lifecycle TEXT
) STRICT;

CREATE INDEX relationship_history_by_party ON relationship_history (party_id, id);

CREATE TABLE relationship_overrides (
    party_id     BLOB PRIMARY KEY NOT NULL REFERENCES parties (id),
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    kind         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    expires_on   TEXT,
    set_by       TEXT NOT NULL,
    set_at       TEXT NOT NULL
) STRICT;

-- Refunds and exchanges of an order, each a record of its own.
CREATE TABLE order_adjustments (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    order_id     BLOB NOT NULL REFERENCES orders (id),
    kind         TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    items        TEXT NOT NULL,
    happened_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX order_adjustments_by_order ON order_adjustments (order_id, id);

-- What a client used of a contract's quotas, day by day.
CREATE TABLE contract_usage (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    contract_id  BLOB NOT NULL REFERENCES contracts (id),
    unit         TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    used_on      TEXT NOT NULL,
    note         TEXT,
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX contract_usage_by_contract ON contract_usage (contract_id, used_on);
