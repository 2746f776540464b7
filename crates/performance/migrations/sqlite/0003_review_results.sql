-- Review results (SQLite): what each stage is (its type, role and stage template) and when its
-- results open; each reviewee's snapshot of a semester (department, leader, job family and level
-- at evaluation time); and review records, a reviewer's answers to a reviewee's review in one
-- stage, with the values of each field and the tags chosen.
-- (Conventions: the platform's first migration.)

ALTER TABLE stages ADD COLUMN stage_type TEXT NOT NULL DEFAULT 'review';
ALTER TABLE stages ADD COLUMN review_stage_role TEXT;
ALTER TABLE stages ADD COLUMN template_id TEXT;
ALTER TABLE stages ADD COLUMN results_open_ms BIGINT;

CREATE TABLE user_snapshots (
    tenant_key            TEXT NOT NULL,
    semester_id           TEXT NOT NULL,
    user_id               TEXT NOT NULL,
    department_id         TEXT,
    direct_leader_user_id TEXT,
    job_family_id         TEXT,
    job_family_zh         TEXT,
    job_family_en         TEXT,
    job_level_id          TEXT,
    job_level_zh          TEXT,
    job_level_en          TEXT,
    PRIMARY KEY (tenant_key, semester_id, user_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE review_records (
    tenant_key       TEXT NOT NULL,
    record_id        TEXT NOT NULL,
    semester_id      TEXT NOT NULL,
    activity_id      TEXT NOT NULL,
    stage_id         TEXT NOT NULL,
    reviewee_user_id TEXT NOT NULL,
    reviewer_user_id TEXT,
    submit_ms        BIGINT,
    PRIMARY KEY (tenant_key, record_id),
    FOREIGN KEY (tenant_key, stage_id) REFERENCES stages (tenant_key, stage_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_key, activity_id) REFERENCES activities (tenant_key, activity_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
-- Queries name the reviewees.
CREATE INDEX review_records_reviewee ON review_records (tenant_key, reviewee_user_id, semester_id);

CREATE TABLE review_values (
    tenant_key            TEXT NOT NULL,
    record_id             TEXT NOT NULL,
    position              BIGINT NOT NULL,
    unit_id               TEXT NOT NULL,
    field_id              TEXT NOT NULL,
    indicator_id          TEXT,
    option_id             TEXT,
    score                 TEXT,
    text                  TEXT,
    tag_based_question_id TEXT,
    PRIMARY KEY (tenant_key, record_id, position),
    FOREIGN KEY (tenant_key, record_id) REFERENCES review_records (tenant_key, record_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE review_value_tags (
    tenant_key     TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    value_position BIGINT NOT NULL,
    position       BIGINT NOT NULL,
    tag_id         TEXT NOT NULL,
    tag_text       TEXT NOT NULL,
    PRIMARY KEY (tenant_key, record_id, value_position, position),
    FOREIGN KEY (tenant_key, record_id, value_position)
        REFERENCES review_values (tenant_key, record_id, position) ON DELETE CASCADE
) WITHOUT ROWID;
