-- Fitted customer-value models (BG/NBD, Gamma-Gamma) per workspace. Each fit
-- is kept with its data window; the latest fit without a holdout is the one
-- in use, and fits with a holdout are validations.
CREATE TABLE value_models (
    id              BLOB PRIMARY KEY NOT NULL,
    workspace_id    BLOB NOT NULL REFERENCES workspaces (id),
    fitted_at       TEXT NOT NULL,
    calibration_end TEXT NOT NULL,
    -- The last day compared with, for a validation.
    holdout_end     TEXT,
    customers       INTEGER NOT NULL,
    -- The parameters, log-likelihoods, convergence and any tracking, as JSON.
    report          TEXT NOT NULL,
    actor           TEXT NOT NULL
) STRICT;

CREATE INDEX value_models_latest ON value_models (workspace_id, fitted_at);
