-- The relationship engine's memory: per party, what its orders add up to
-- and how it is classified; every change of classification; overrides set by
-- hand; refunds and exchanges; the use of contract quotas; and each
-- workspace's policy and words.

ALTER TABLE workspaces ADD COLUMN relationship_policy text NOT NULL DEFAULT '{}';
ALTER TABLE workspaces ADD COLUMN terminology text NOT NULL DEFAULT '{}';

-- One row per party. The summary columns are kept in step with every order
-- write so that reclassifying a workspace never reads its orders again; the
-- classification columns are the engine's answer as of `classified_on`.
CREATE TABLE party_relationships (
    party_id            uuid PRIMARY KEY REFERENCES parties (id),
    workspace_id        uuid NOT NULL REFERENCES workspaces (id),
    purchase_days       bigint NOT NULL,
    first_purchase_on   date,
    last_purchase_on    date,
    professional_order  text,
    use_count           bigint NOT NULL,
    first_use_order     text,
    first_use_buyer_id  uuid,
    primary_kind        text NOT NULL,
    kinds               bigint NOT NULL,
    lifecycle           text,
    b2b                 boolean,
    explanation         text NOT NULL,
    -- Counts writes, so that a whole-workspace pass never overwrites a
    -- fresher answer written by a concurrent change.
    revision            bigint NOT NULL,
    classified_on       date NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX party_relationships_summary ON party_relationships (workspace_id, primary_kind, lifecycle);

CREATE TABLE relationship_history (
    id                 uuid PRIMARY KEY,
    workspace_id       uuid NOT NULL REFERENCES workspaces (id),
    party_id           uuid NOT NULL REFERENCES parties (id),
    changed_at         timestamptz NOT NULL,
    -- What caused the change, such as `order.create` or `time`.
    cause              text NOT NULL,
    actor              text NOT NULL,
    primary_kind       text NOT NULL,
    kinds              bigint NOT NULL,
    lifecycle          text,
    b2b                boolean,
    explanation        text NOT NULL,
    previous_primary   text,
    previous_kinds     bigint,
    previous_lifecycle text
);

CREATE INDEX relationship_history_by_party ON relationship_history (party_id, id);

CREATE TABLE relationship_overrides (
    party_id     uuid PRIMARY KEY REFERENCES parties (id),
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    kind         text NOT NULL,
    reason       text NOT NULL,
    expires_on   date,
    set_by       text NOT NULL,
    set_at       timestamptz NOT NULL
);

-- Refunds and exchanges of an order, each a record of its own.
CREATE TABLE order_adjustments (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    order_id     uuid NOT NULL REFERENCES orders (id),
    kind         text NOT NULL,
    amount_minor bigint NOT NULL,
    currency     text NOT NULL,
    reason       text NOT NULL,
    items        text NOT NULL,
    happened_at  timestamptz NOT NULL,
    recorded_by  text NOT NULL,
    created_at   timestamptz NOT NULL
);

CREATE INDEX order_adjustments_by_order ON order_adjustments (order_id, id);

-- What a client used of a contract's quotas, day by day.
CREATE TABLE contract_usage (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    contract_id  uuid NOT NULL REFERENCES contracts (id),
    unit         text NOT NULL,
    amount       bigint NOT NULL,
    used_on      date NOT NULL,
    note         text,
    recorded_by  text NOT NULL,
    created_at   timestamptz NOT NULL
);

CREATE INDEX contract_usage_by_contract ON contract_usage (contract_id, used_on);
