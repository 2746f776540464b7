-- The performance service's tables (SQLite): the tenant's licence, semesters with their stages
-- and per-user stage tasks, and review templates with their stage templates, units and fields.
-- (Conventions: the platform's first migration.)

CREATE TABLE performance_settings (
    tenant_key            TEXT PRIMARY KEY REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    licensed              BIGINT NOT NULL,
    allow_late_submission BIGINT NOT NULL
);

CREATE TABLE semesters (
    tenant_key     TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    semester_id    TEXT NOT NULL,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    year           BIGINT NOT NULL,
    type_group     TEXT NOT NULL,
    semester_type  TEXT NOT NULL,
    progress       TEXT NOT NULL,
    start_ms       BIGINT NOT NULL,
    end_ms         BIGINT NOT NULL,
    create_ms      BIGINT NOT NULL,
    modify_ms      BIGINT NOT NULL,
    create_user_id TEXT,
    modify_user_id TEXT,
    PRIMARY KEY (tenant_key, semester_id)
) WITHOUT ROWID;

CREATE TABLE stages (
    tenant_key  TEXT NOT NULL,
    stage_id    TEXT NOT NULL,
    semester_id TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    deadline_ms BIGINT NOT NULL,
    jump_url    TEXT,
    paused      BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, stage_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX stages_semester ON stages (tenant_key, semester_id, position);

CREATE TABLE stage_tasks (
    tenant_key  TEXT NOT NULL,
    semester_id TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    stage_id    TEXT NOT NULL,
    need_todo   BIGINT NOT NULL,
    finished    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, semester_id, user_id, stage_id),
    FOREIGN KEY (tenant_key, stage_id) REFERENCES stages (tenant_key, stage_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX stage_tasks_stage ON stage_tasks (tenant_key, stage_id);

CREATE TABLE review_templates (
    tenant_key         TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    review_template_id TEXT NOT NULL,
    name_zh            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    description_zh     TEXT NOT NULL,
    description_en     TEXT NOT NULL,
    status             TEXT NOT NULL,
    PRIMARY KEY (tenant_key, review_template_id)
) WITHOUT ROWID;

CREATE TABLE review_stage_templates (
    tenant_key                   TEXT NOT NULL,
    review_template_id           TEXT NOT NULL,
    position                     BIGINT NOT NULL,
    template_id                  TEXT NOT NULL,
    name_zh                      TEXT NOT NULL,
    name_en                      TEXT NOT NULL,
    stage_type                   TEXT NOT NULL,
    review_stage_role            TEXT,
    review_stage_data_write_mode TEXT,
    PRIMARY KEY (tenant_key, review_template_id, position),
    FOREIGN KEY (tenant_key, review_template_id)
        REFERENCES review_templates (tenant_key, review_template_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE review_units (
    tenant_key         TEXT NOT NULL,
    review_template_id TEXT NOT NULL,
    position           BIGINT NOT NULL,
    unit_id            TEXT NOT NULL,
    name_zh            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    PRIMARY KEY (tenant_key, review_template_id, position),
    FOREIGN KEY (tenant_key, review_template_id)
        REFERENCES review_templates (tenant_key, review_template_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE review_fields (
    tenant_key            TEXT NOT NULL,
    review_template_id    TEXT NOT NULL,
    unit_position         BIGINT NOT NULL,
    position              BIGINT NOT NULL,
    field_id              TEXT NOT NULL,
    name_zh               TEXT NOT NULL,
    name_en               TEXT NOT NULL,
    indicator_id          TEXT,
    tag_based_question_id TEXT,
    objective_title_zh    TEXT,
    objective_title_en    TEXT,
    keyresult_title_zh    TEXT,
    keyresult_title_en    TEXT,
    parent_field_id       TEXT,
    kpi_template_id       TEXT,
    PRIMARY KEY (tenant_key, review_template_id, unit_position, position),
    FOREIGN KEY (tenant_key, review_template_id, unit_position)
        REFERENCES review_units (tenant_key, review_template_id, position) ON DELETE CASCADE
) WITHOUT ROWID;

-- Requests read the licence, semesters and stages through the catalog cache.
CREATE TRIGGER performance_settings_insert_catalog AFTER INSERT ON performance_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER performance_settings_update_catalog AFTER UPDATE ON performance_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER performance_settings_delete_catalog AFTER DELETE ON performance_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER semesters_insert_catalog AFTER INSERT ON semesters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER semesters_update_catalog AFTER UPDATE ON semesters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER semesters_delete_catalog AFTER DELETE ON semesters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stages_insert_catalog AFTER INSERT ON stages
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stages_update_catalog AFTER UPDATE ON stages
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stages_delete_catalog AFTER DELETE ON stages
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
