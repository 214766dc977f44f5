-- When a keyed request's change commits, its key is marked in the same
-- transaction. Should the process die before the response is kept, a retry
-- finds the mark and is told the request was carried out, instead of
-- carrying it out again.
ALTER TABLE idempotency_keys ADD COLUMN committed_at timestamptz;
