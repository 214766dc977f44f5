-- The durable job queue. A job is enqueued in the transaction of the change
-- that asks for it; a worker claims it with FOR UPDATE SKIP LOCKED and sets
-- its lease (locked_by, locked_until), so exactly one worker runs it, and a
-- lease that runs out (a worker that died) frees it for another. A job that
-- fails waits (run_at) before its next attempt; one out of attempts is dead
-- and kept. unique_key keeps a second copy of a job out while one is waiting
-- or running.
CREATE TABLE jobs (
    id           uuid PRIMARY KEY,
    workspace_id uuid REFERENCES workspaces (id),
    kind         text NOT NULL,
    payload      text NOT NULL,
    unique_key   text,
    status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead', 'cancelled')),
    attempts     bigint NOT NULL DEFAULT 0,
    max_attempts bigint NOT NULL,
    run_at       timestamptz NOT NULL,
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    finished_at  timestamptz
);

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
    key          text PRIMARY KEY,
    kind         text NOT NULL,
    workspace_id uuid REFERENCES workspaces (id),
    next_run_at  timestamptz NOT NULL,
    last_run_at  timestamptz
);
