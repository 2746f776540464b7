-- Additional information (SQLite): facts about reviewees in a semester (补充信息), and the
-- import records of the performance APIs' imports, each under its client token.
-- (Conventions: the platform's first migration.)

CREATE TABLE additional_informations (
    tenant_key           TEXT NOT NULL,
    item_id              TEXT NOT NULL,
    semester_id          TEXT NOT NULL,
    external_id          TEXT,
    reviewee_user_id     TEXT NOT NULL,
    item                 TEXT NOT NULL,
    time_text            TEXT NOT NULL,
    detailed_description TEXT NOT NULL,
    PRIMARY KEY (tenant_key, item_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
-- VENDOR: an external ID names one item of a semester.
CREATE UNIQUE INDEX additional_informations_external
    ON additional_informations (tenant_key, semester_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX additional_informations_reviewee
    ON additional_informations (tenant_key, semester_id, reviewee_user_id);

-- One row per accepted import; a client token is used once per app and kind of import.
CREATE TABLE performance_imports (
    tenant_key       TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    import_record_id TEXT NOT NULL,
    kind             TEXT NOT NULL,
    app_id           TEXT NOT NULL,
    client_token     TEXT NOT NULL,
    name             TEXT NOT NULL,
    semester_id      TEXT NOT NULL,
    create_ms        BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, import_record_id),
    UNIQUE (tenant_key, app_id, kind, client_token)
) WITHOUT ROWID;
