-- Fitted customer-value models (BG/NBD, Gamma-Gamma) per workspace. Each fit
-- is kept with its data window; the latest fit without a holdout is the one
-- in use, and fits with a holdout are validations.
CREATE TABLE value_models (
    id              uuid PRIMARY KEY,
    workspace_id    uuid NOT NULL REFERENCES workspaces (id),
    fitted_at       timestamptz NOT NULL,
    calibration_end date NOT NULL,
    -- The last day compared with, for a validation.
    holdout_end     date,
    customers       bigint NOT NULL,
    -- The parameters, log-likelihoods, convergence and any tracking, as JSON.
    report          text NOT NULL,
    actor           text NOT NULL
);

CREATE INDEX value_models_latest ON value_models (workspace_id, fitted_at);
