-- Outbound webhooks. An endpoint subscribes to event types; when an event is
-- written, a delivery to each endpoint that wants it is written with it, in
-- the same transaction, with the job that sends it. A delivery keeps one
-- webhook-id over every attempt; each attempt is logged.
CREATE TABLE webhook_endpoints (
    id                    BLOB PRIMARY KEY NOT NULL,
    workspace_id          BLOB NOT NULL REFERENCES workspaces (id),
    url                   TEXT NOT NULL,
    description           TEXT NOT NULL,
    secret                TEXT NOT NULL,
    previous_secret       TEXT,
    previous_secret_until TEXT,
    enabled               INTEGER NOT NULL,
    disabled_reason       TEXT,
    version               INTEGER NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    deleted_at            TEXT
) STRICT;

CREATE INDEX webhook_endpoints_by_workspace ON webhook_endpoints (workspace_id, id);

CREATE TABLE webhook_subscriptions (
    endpoint_id BLOB NOT NULL REFERENCES webhook_endpoints (id),
    event_type  TEXT NOT NULL,
    PRIMARY KEY (endpoint_id, event_type)
) STRICT;

CREATE INDEX webhook_subscriptions_by_type ON webhook_subscriptions (event_type, endpoint_id);

CREATE TABLE webhook_deliveries (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    endpoint_id  BLOB NOT NULL REFERENCES webhook_endpoints (id),
    event_id     BLOB NOT NULL REFERENCES events (id),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts     INTEGER NOT NULL,
    last_status  INTEGER,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TABLE webhook_attempts (
    id              BLOB PRIMARY KEY NOT NULL,
    delivery_id     BLOB NOT NULL REFERENCES webhook_deliveries (id),
    endpoint_id     BLOB NOT NULL REFERENCES webhook_endpoints (id),
    attempt         INTEGER NOT NULL,
    at              TEXT NOT NULL,
    response_status INTEGER,
    latency_ms      INTEGER NOT NULL,
    error           TEXT
) STRICT;

CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempt);
