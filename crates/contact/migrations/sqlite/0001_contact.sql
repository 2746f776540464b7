-- The contact service's tables (SQLite): batch-import jobs, their items as the API received
-- them, and what became of each. A chunk of results is written in the same transaction as the
-- users or departments it created and the job's counters: that is what applies every item once.
-- (Conventions: the platform's first migration.)

CREATE TABLE contact_jobs (
    task_id         TEXT PRIMARY KEY,
    tenant_key      TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    status          BIGINT NOT NULL,
    total_num       BIGINT NOT NULL,
    processed_num   BIGINT NOT NULL,
    success_num     BIGINT NOT NULL,
    fail_num        BIGINT NOT NULL,
    create_time_ms  BIGINT NOT NULL,
    finish_time_ms  BIGINT,
    submitted_at_ms BIGINT NOT NULL,
    lease_owner     TEXT,
    lease_until_ms  BIGINT
);
CREATE INDEX contact_jobs_claim ON contact_jobs (status, submitted_at_ms);
CREATE INDEX contact_jobs_tenant ON contact_jobs (tenant_key);

-- `request` is one element of the request's `users` or `departments` list, as the vendor's API
-- defines it (its JSON): what the client sent, kept to be applied and reported back.
CREATE TABLE contact_job_items (
    task_id    TEXT NOT NULL REFERENCES contact_jobs (task_id) ON DELETE CASCADE,
    item_index BIGINT NOT NULL,
    request    TEXT NOT NULL,
    PRIMARY KEY (task_id, item_index)
) WITHOUT ROWID;

CREATE TABLE contact_job_results (
    task_id       TEXT NOT NULL,
    item_index    BIGINT NOT NULL,
    code          BIGINT NOT NULL,
    msg           TEXT NOT NULL,
    user_id       TEXT,
    department_id TEXT,
    chat_id       TEXT,
    PRIMARY KEY (task_id, item_index),
    FOREIGN KEY (task_id, item_index) REFERENCES contact_job_items (task_id, item_index)
        ON DELETE CASCADE
) WITHOUT ROWID;
