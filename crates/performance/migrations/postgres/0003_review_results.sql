-- Review results (PostgreSQL): what each stage is (its type, role and stage template) and when its
-- results open; each reviewee's snapshot of a semester (department, leader, job family and level
-- at evaluation time); and review records, a reviewer's answers to a reviewee's review in one
-- stage, with the values of each field and the tags chosen.
-- (Conventions: the platform's first migration.)

ALTER TABLE stages ADD COLUMN stage_type TEXT COLLATE "C" NOT NULL DEFAULT 'review';
ALTER TABLE stages ADD COLUMN review_stage_role TEXT COLLATE "C";
ALTER TABLE stages ADD COLUMN template_id TEXT COLLATE "C";
ALTER TABLE stages ADD COLUMN results_open_ms BIGINT;

CREATE TABLE user_snapshots (
    tenant_key            TEXT COLLATE "C" NOT NULL,
    semester_id           TEXT COLLATE "C" NOT NULL,
    user_id               TEXT COLLATE "C" NOT NULL,
    department_id         TEXT COLLATE "C",
    direct_leader_user_id TEXT COLLATE "C",
    job_family_id         TEXT COLLATE "C",
    job_family_zh         TEXT COLLATE "C",
    job_family_en         TEXT COLLATE "C",
    job_level_id          TEXT COLLATE "C",
    job_level_zh          TEXT COLLATE "C",
    job_level_en          TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, semester_id, user_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
);

CREATE TABLE review_records (
    tenant_key       TEXT COLLATE "C" NOT NULL,
    record_id        TEXT COLLATE "C" NOT NULL,
    semester_id      TEXT COLLATE "C" NOT NULL,
    activity_id      TEXT COLLATE "C" NOT NULL,
    stage_id         TEXT COLLATE "C" NOT NULL,
    reviewee_user_id TEXT COLLATE "C" NOT NULL,
    reviewer_user_id TEXT COLLATE "C",
    submit_ms        BIGINT,
    PRIMARY KEY (tenant_key, record_id),
    FOREIGN KEY (tenant_key, stage_id) REFERENCES stages (tenant_key, stage_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_key, activity_id) REFERENCES activities (tenant_key, activity_id)
        ON DELETE CASCADE
);
-- Queries name the reviewees.
CREATE INDEX review_records_reviewee ON review_records (tenant_key, reviewee_user_id, semester_id);

CREATE TABLE review_values (
    tenant_key            TEXT COLLATE "C" NOT NULL,
    record_id             TEXT COLLATE "C" NOT NULL,
    position              BIGINT NOT NULL,
    unit_id               TEXT COLLATE "C" NOT NULL,
    field_id              TEXT COLLATE "C" NOT NULL,
    indicator_id          TEXT COLLATE "C",
    option_id             TEXT COLLATE "C",
    score                 TEXT COLLATE "C",
    text                  TEXT COLLATE "C",
    tag_based_question_id TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, record_id, position),
    FOREIGN KEY (tenant_key, record_id) REFERENCES review_records (tenant_key, record_id)
        ON DELETE CASCADE
);

CREATE TABLE review_value_tags (
    tenant_key     TEXT COLLATE "C" NOT NULL,
    record_id      TEXT COLLATE "C" NOT NULL,
    value_position BIGINT NOT NULL,
    position       BIGINT NOT NULL,
    tag_id         TEXT COLLATE "C" NOT NULL,
    tag_text       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, record_id, value_position, position),
    FOREIGN KEY (tenant_key, record_id, value_position)
        REFERENCES review_values (tenant_key, record_id, position) ON DELETE CASCADE
);
