-- Outbound webhooks. An endpoint subscribes to event types; when an event is
-- written, a delivery to each endpoint that wants it is written with it, in
-- the same transaction, with the job that sends it. A delivery keeps one
-- webhook-id over every attempt; each attempt is logged.
CREATE TABLE webhook_endpoints (
    id                    uuid PRIMARY KEY,
    workspace_id          uuid NOT NULL REFERENCES workspaces (id),
    url                   text NOT NULL,
    description           text NOT NULL,
    secret                text NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    enabled               boolean NOT NULL,
    disabled_reason       text,
    version               bigint NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    deleted_at            timestamptz
);

CREATE INDEX webhook_endpoints_by_workspace ON webhook_endpoints (workspace_id, id);

CREATE TABLE webhook_subscriptions (
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
    event_type  text NOT NULL,
    PRIMARY KEY (endpoint_id, event_type)
);

CREATE INDEX webhook_subscriptions_by_type ON webhook_subscriptions (event_type, endpoint_id);

CREATE TABLE webhook_deliveries (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    endpoint_id  uuid NOT NULL REFERENCES webhook_endpoints (id),
    event_id     uuid NOT NULL REFERENCES events (id),
    status       text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts     bigint NOT NULL,
    last_status  bigint,
    last_error   text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TABLE webhook_attempts (
    id              uuid PRIMARY KEY,
    delivery_id     uuid NOT NULL REFERENCES webhook_deliveries (id),
    endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id),
    attempt         bigint NOT NULL,
    at              timestamptz NOT NULL,
    response_status bigint,
    latency_ms      bigint NOT NULL,
    error           text
);

CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempt);
