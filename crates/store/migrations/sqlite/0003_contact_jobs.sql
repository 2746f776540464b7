-- Contact v2 batch-import jobs: the job (counters, lease), its items as submitted, and each
-- processed item's outcome. A chunk of outcomes is written in the same transaction as the users
-- or departments it created and the job's counters, which is what makes every item apply once.

ALTER TABLE departments ADD COLUMN chat_id TEXT;
CREATE INDEX users_position ON users (tenant_key, position);
-- user IDs are unique regardless of case for batch imports
CREATE INDEX users_lower_id ON users (tenant_key, lower(user_id));

CREATE TABLE contact_jobs (
    task_id         TEXT PRIMARY KEY,
    tenant_key      TEXT NOT NULL,
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

CREATE TABLE contact_job_items (
    tenant_key TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    item_index BIGINT NOT NULL,
    request    TEXT NOT NULL,
    PRIMARY KEY (task_id, item_index)
) WITHOUT ROWID;
CREATE INDEX contact_job_items_tenant ON contact_job_items (tenant_key);

CREATE TABLE contact_job_results (
    tenant_key TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    item_index BIGINT NOT NULL,
    outcome    TEXT NOT NULL,
    PRIMARY KEY (task_id, item_index)
) WITHOUT ROWID;
CREATE INDEX contact_job_results_tenant ON contact_job_results (tenant_key);
