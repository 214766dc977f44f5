-- Commerce: what the business sells, orders with their lines and the
-- consumers who use each line, and the account team serving each party.

CREATE TABLE offerings (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    -- "C" collation: the catalogue sorts as on SQLite.
    name         text COLLATE "C" NOT NULL,
    kind         text NOT NULL,
    tailored     boolean NOT NULL,
    price_minor  bigint NOT NULL,
    currency     text NOT NULL,
    version      bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE INDEX offerings_by_name ON offerings (workspace_id, name);

CREATE TABLE orders (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    buyer_id     uuid NOT NULL REFERENCES parties (id),
    ordered_at   timestamptz NOT NULL,
    status       text NOT NULL,
    channel      text,
    currency     text NOT NULL,
    total_minor  bigint NOT NULL,
    version      bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE INDEX orders_by_buyer ON orders (buyer_id, ordered_at);

CREATE TABLE order_lines (
    id               uuid PRIMARY KEY,
    order_id         uuid NOT NULL REFERENCES orders (id),
    position         bigint NOT NULL,
    offering_id      uuid NOT NULL REFERENCES offerings (id),
    quantity         bigint NOT NULL,
    unit_price_minor bigint NOT NULL,
    discount_minor   bigint NOT NULL
);

CREATE INDEX order_lines_by_order ON order_lines (order_id, position);

CREATE TABLE order_end_users (
    order_line_id uuid NOT NULL REFERENCES order_lines (id),
    party_id      uuid NOT NULL REFERENCES parties (id),
    PRIMARY KEY (order_line_id, party_id)
);

CREATE INDEX order_end_users_by_party ON order_end_users (party_id);

-- Who at the business serves a party personally: account managers,
-- customer-success managers, service representatives.
CREATE TABLE account_team (
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    party_id     uuid NOT NULL REFERENCES parties (id),
    user_id      uuid NOT NULL REFERENCES users (id),
    role         text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (party_id, user_id, role)
);

-- Contracts with clients. Fee schedule, terms and quotas are JSON of the
-- domain types; status and signatures are columns the rules read.
CREATE TABLE contracts (
    id                 uuid PRIMARY KEY,
    workspace_id       uuid NOT NULL REFERENCES workspaces (id),
    client_id          uuid NOT NULL REFERENCES parties (id),
    title              text NOT NULL,
    scope              text NOT NULL,
    fee                text NOT NULL,
    currency           text NOT NULL,
    starts_on          date NOT NULL,
    ends_on            date,
    renewal            text NOT NULL,
    notice_days        bigint NOT NULL,
    status             text NOT NULL,
    client_signed_on   date,
    provider_signed_on date,
    terms              text NOT NULL,
    quotas             text NOT NULL,
    version            bigint NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    deleted_at         timestamptz
);

CREATE INDEX contracts_by_client ON contracts (client_id);
