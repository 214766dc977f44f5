-- The party list reads newest first, oldest first or most recently changed
-- first as well as by name: each order pages along an index of its own.
CREATE INDEX parties_by_created ON parties (workspace_id, created_at, id);
CREATE INDEX parties_by_updated ON parties (workspace_id, updated_at, id);
