-- Feedback inbox: applications and notebooks INSERT verdicts here; `aurora feedback --from-postgres`
-- consumes them into the Delta table `feedback`. Rows are never updated by producers.
CREATE TABLE feedback_inbox (
    id                BIGSERIAL PRIMARY KEY,
    tenant            TEXT        NOT NULL,
    feedback_id       TEXT,
    recommendation_id TEXT,
    verdict           TEXT,
    correct_action    TEXT,
    user_name         TEXT,
    submitted_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    consumed_at       TIMESTAMPTZ,
    consumed_run_id   TEXT
);

-- The incremental read: the pending rows of one tenant in id order, and nothing else.
CREATE INDEX feedback_inbox_pending ON feedback_inbox (tenant, id) WHERE consumed_at IS NULL;

-- One row per consuming run: which id range it took and when it committed (the audit of the watermark).
CREATE TABLE feedback_inbox_consumption (
    tenant       TEXT        NOT NULL,
    run_id       TEXT        NOT NULL,
    first_id     BIGINT,
    last_id      BIGINT,
    row_count    BIGINT      NOT NULL,
    committed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, run_id)
);
