-- Metric details (SQLite): the metric template each activity develops its reviewees' metrics
-- with, and the values of those metrics' fields, as imported or loaded.
-- (Conventions: the platform's first migration.)

ALTER TABLE activities ADD COLUMN metric_template_id TEXT;

-- One row per field of a reviewee's metric that holds a value; a later import of the same
-- field replaces it.
CREATE TABLE metric_detail_values (
    tenant_key       TEXT NOT NULL,
    semester_id      TEXT NOT NULL,
    reviewee_user_id TEXT NOT NULL,
    metric_id        TEXT NOT NULL,
    field_id         TEXT NOT NULL,
    field_value      TEXT,
    person_user_id   TEXT,
    -- NULL for values a fixture or the admin API loaded.
    import_record_id TEXT,
    PRIMARY KEY (tenant_key, semester_id, reviewee_user_id, metric_id, field_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
