-- The performance service's tables (PostgreSQL): the tenant's licence, semesters with their stages
-- and per-user stage tasks, and review templates with their stage templates, units and fields.
-- (Conventions: the platform's first migration.)

CREATE TABLE performance_settings (
    tenant_key            TEXT COLLATE "C" PRIMARY KEY REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    licensed              BIGINT NOT NULL,
    allow_late_submission BIGINT NOT NULL
);

CREATE TABLE semesters (
    tenant_key     TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    semester_id    TEXT COLLATE "C" NOT NULL,
    name_zh        TEXT COLLATE "C" NOT NULL,
    name_en        TEXT COLLATE "C" NOT NULL,
    year           BIGINT NOT NULL,
    type_group     TEXT COLLATE "C" NOT NULL,
    semester_type  TEXT COLLATE "C" NOT NULL,
    progress       TEXT COLLATE "C" NOT NULL,
    start_ms       BIGINT NOT NULL,
    end_ms         BIGINT NOT NULL,
    create_ms      BIGINT NOT NULL,
    modify_ms      BIGINT NOT NULL,
    create_user_id TEXT COLLATE "C",
    modify_user_id TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, semester_id)
);

CREATE TABLE stages (
    tenant_key  TEXT COLLATE "C" NOT NULL,
    stage_id    TEXT COLLATE "C" NOT NULL,
    semester_id TEXT COLLATE "C" NOT NULL,
    name_zh     TEXT COLLATE "C" NOT NULL,
    name_en     TEXT COLLATE "C" NOT NULL,
    deadline_ms BIGINT NOT NULL,
    jump_url    TEXT COLLATE "C",
    paused      BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, stage_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
);
CREATE INDEX stages_semester ON stages (tenant_key, semester_id, position);

CREATE TABLE stage_tasks (
    tenant_key  TEXT COLLATE "C" NOT NULL,
    semester_id TEXT COLLATE "C" NOT NULL,
    user_id     TEXT COLLATE "C" NOT NULL,
    stage_id    TEXT COLLATE "C" NOT NULL,
    need_todo   BIGINT NOT NULL,
    finished    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, semester_id, user_id, stage_id),
    FOREIGN KEY (tenant_key, stage_id) REFERENCES stages (tenant_key, stage_id) ON DELETE CASCADE
);
CREATE INDEX stage_tasks_stage ON stage_tasks (tenant_key, stage_id);

CREATE TABLE review_templates (
    tenant_key         TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    review_template_id TEXT COLLATE "C" NOT NULL,
    name_zh            TEXT COLLATE "C" NOT NULL,
    name_en            TEXT COLLATE "C" NOT NULL,
    description_zh     TEXT COLLATE "C" NOT NULL,
    description_en     TEXT COLLATE "C" NOT NULL,
    status             TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, review_template_id)
);

CREATE TABLE review_stage_templates (
    tenant_key                   TEXT COLLATE "C" NOT NULL,
    review_template_id           TEXT COLLATE "C" NOT NULL,
    position                     BIGINT NOT NULL,
    template_id                  TEXT COLLATE "C" NOT NULL,
    name_zh                      TEXT COLLATE "C" NOT NULL,
    name_en                      TEXT COLLATE "C" NOT NULL,
    stage_type                   TEXT COLLATE "C" NOT NULL,
    review_stage_role            TEXT COLLATE "C",
    review_stage_data_write_mode TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, review_template_id, position),
    FOREIGN KEY (tenant_key, review_template_id)
        REFERENCES review_templates (tenant_key, review_template_id) ON DELETE CASCADE
);

CREATE TABLE review_units (
    tenant_key         TEXT COLLATE "C" NOT NULL,
    review_template_id TEXT COLLATE "C" NOT NULL,
    position           BIGINT NOT NULL,
    unit_id            TEXT COLLATE "C" NOT NULL,
    name_zh            TEXT COLLATE "C" NOT NULL,
    name_en            TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, review_template_id, position),
    FOREIGN KEY (tenant_key, review_template_id)
        REFERENCES review_templates (tenant_key, review_template_id) ON DELETE CASCADE
);

CREATE TABLE review_fields (
    tenant_key            TEXT COLLATE "C" NOT NULL,
    review_template_id    TEXT COLLATE "C" NOT NULL,
    unit_position         BIGINT NOT NULL,
    position              BIGINT NOT NULL,
    field_id              TEXT COLLATE "C" NOT NULL,
    name_zh               TEXT COLLATE "C" NOT NULL,
    name_en               TEXT COLLATE "C" NOT NULL,
    indicator_id          TEXT COLLATE "C",
    tag_based_question_id TEXT COLLATE "C",
    objective_title_zh    TEXT COLLATE "C",
    objective_title_en    TEXT COLLATE "C",
    keyresult_title_zh    TEXT COLLATE "C",
    keyresult_title_en    TEXT COLLATE "C",
    parent_field_id       TEXT COLLATE "C",
    kpi_template_id       TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, review_template_id, unit_position, position),
    FOREIGN KEY (tenant_key, review_template_id, unit_position)
        REFERENCES review_units (tenant_key, review_template_id, position) ON DELETE CASCADE
);

-- Requests read the licence, semesters and stages through the catalog cache.
CREATE TRIGGER performance_settings_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON performance_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER semesters_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON semesters
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER stages_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stages
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
