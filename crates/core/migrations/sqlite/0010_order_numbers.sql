-- Orders get numbers people can read out and search for: SO-2026-000123,
-- counted per workspace and year (the year of the day the order falls on in
-- the workspace's time zone). Orders recorded before are numbered here in the
-- order they were placed, by their year in UTC.
ALTER TABLE orders ADD COLUMN number TEXT NOT NULL DEFAULT '';

UPDATE orders SET number = (
    SELECT 'SO-' || substr(o.ordered_at, 1, 4) || '-' || printf('%06d', o.n)
    FROM (
        SELECT id, ordered_at, ROW_NUMBER() OVER (
            PARTITION BY workspace_id, substr(ordered_at, 1, 4) ORDER BY ordered_at, id
        ) AS n
        FROM orders
    ) o
    WHERE o.id = orders.id
);

CREATE TABLE order_counters (
    workspace_id BLOB NOT NULL REFERENCES workspaces (id),
    year         INTEGER NOT NULL,
    last         INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, year)
) STRICT;

INSERT INTO order_counters (workspace_id, year, last)
SELECT workspace_id, CAST(substr(ordered_at, 1, 4) AS INTEGER), COUNT(*)
FROM orders GROUP BY workspace_id, substr(ordered_at, 1, 4);

CREATE UNIQUE INDEX orders_by_number ON orders (workspace_id, number);
