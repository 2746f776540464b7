-- Additional information (PostgreSQL): facts about reviewees in a semester (补充信息), and the
-- import records of the performance APIs' imports, each under its client token.
-- (Conventions: the platform's first migration.)

CREATE TABLE additional_informations (
    tenant_key           TEXT COLLATE "C" NOT NULL,
    item_id              TEXT COLLATE "C" NOT NULL,
    semester_id          TEXT COLLATE "C" NOT NULL,
    external_id          TEXT COLLATE "C",
    reviewee_user_id     TEXT COLLATE "C" NOT NULL,
    item                 TEXT COLLATE "C" NOT NULL,
    time_text            TEXT COLLATE "C" NOT NULL,
    detailed_description TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, item_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
);
-- VENDOR: an external ID names one item of a semester.
CREATE UNIQUE INDEX additional_informations_external
    ON additional_informations (tenant_key, semester_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX additional_informations_reviewee
    ON additional_informations (tenant_key, semester_id, reviewee_user_id);

-- One row per accepted import; a client token is used once per app and kind of import.
CREATE TABLE performance_imports (
    tenant_key       TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    import_record_id TEXT COLLATE "C" NOT NULL,
    kind             TEXT COLLATE "C" NOT NULL,
    app_id           TEXT COLLATE "C" NOT NULL,
    client_token     TEXT COLLATE "C" NOT NULL,
    name             TEXT COLLATE "C" NOT NULL,
    semester_id      TEXT COLLATE "C" NOT NULL,
    create_ms        BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, import_record_id),
    UNIQUE (tenant_key, app_id, kind, client_token)
);
