-- The durable job queue. A job is enqueued in the transaction of the change
-- that asks for it; a worker claims it by setting its lease (locked_by,
-- locked_until) in one statement, so exactly one worker runs it, and a lease
-- that runs out (a worker that died) frees it for another. A job that fails
-- waits (run_at) before its next attempt; one out of attempts is dead and
-- kept. unique_key keeps a second copy of a job out while one is waiting or
-- running.
CREATE TABLE jobs (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB REFERENCES workspaces (id),
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    unique_key   TEXT,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       TEXT NOT NULL,
    locked_by    TEXT,
    locked_until TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    finished_at  TEXT
) STRICT;

CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_by_status ON jobs (status, created_at);
CREATE UNIQUE INDEX jobs_unique ON jobs (kind, unique_key)
    WHERE unique_key IS NOT NULL AND status IN ('queued', 'running');

-- Recurring jobs: one row a schedule (per workspace, for those that run in a
-- workspace's time zone). A server fires one by moving next_run_at on from
-- the value it read, in the transaction that enqueues the job: of several
-- servers, one succeeds.
CREATE TABLE schedules (
    key          TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    workspace_id BLOB REFERENCES workspaces (id),
    next_run_at  TEXT NOT NULL,
    last_run_at  TEXT
) STRICT;
