-- Orders get numbers people can read out and search for: SO-2026-000123,
-- counted per workspace and year (the year of the day the order falls on in
-- the workspace's time zone). Orders recorded before are numbered here in the
-- order they were placed, by their year in UTC.
ALTER TABLE orders ADD COLUMN number text NOT NULL DEFAULT '';

UPDATE orders SET number = numbered.number
FROM (
    SELECT id, 'SO-' || to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(ROW_NUMBER() OVER (
        PARTITION BY workspace_id, extract(year FROM ordered_at AT TIME ZONE 'UTC') ORDER BY ordered_at, id
    )::text, 6, '0') AS number
    FROM orders
) numbered
WHERE numbered.id = orders.id;

CREATE TABLE order_counters (
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    year         integer NOT NULL,
    last         bigint NOT NULL,
    PRIMARY KEY (workspace_id, year)
);

INSERT INTO order_counters (workspace_id, year, last)
SELECT workspace_id, extract(year FROM ordered_at AT TIME ZONE 'UTC')::integer, COUNT(*)
FROM orders GROUP BY workspace_id, extract(year FROM ordered_at AT TIME ZONE 'UTC');

CREATE UNIQUE INDEX orders_by_number ON orders (workspace_id, number);
