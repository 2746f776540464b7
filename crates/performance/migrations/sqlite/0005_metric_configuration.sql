-- Metric configuration (SQLite): the tags and fields of key-performance metrics (关键指标),
-- the metric library with each metric's tags, field settings and data-source inputters, and
-- metric templates with their dimensions and the library metrics set in them.
-- (Conventions: the platform's first migration.)

CREATE TABLE metric_tags (
    tenant_key TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    tag_id     TEXT NOT NULL,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    position   BIGINT NOT NULL,
    create_ms  BIGINT NOT NULL,
    update_ms  BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, tag_id)
) WITHOUT ROWID;

CREATE TABLE metric_fields (
    tenant_key TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    field_id   TEXT NOT NULL,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    field_type TEXT NOT NULL,
    PRIMARY KEY (tenant_key, field_id)
) WITHOUT ROWID;

CREATE TABLE metrics (
    tenant_key            TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    metric_id             TEXT NOT NULL,
    name                  TEXT NOT NULL,
    type_id               TEXT NOT NULL,
    scoring_setting_type  TEXT NOT NULL,
    formula_id            TEXT,
    formula_name          TEXT,
    formula_details       TEXT,
    range_of_availability TEXT NOT NULL,
    is_active             BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, metric_id)
) WITHOUT ROWID;

CREATE TABLE metric_tag_links (
    tenant_key TEXT NOT NULL,
    metric_id  TEXT NOT NULL,
    position   BIGINT NOT NULL,
    tag_id     TEXT NOT NULL,
    PRIMARY KEY (tenant_key, metric_id, position),
    FOREIGN KEY (tenant_key, metric_id) REFERENCES metrics (tenant_key, metric_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE metric_field_settings (
    tenant_key    TEXT NOT NULL,
    metric_id     TEXT NOT NULL,
    position      BIGINT NOT NULL,
    field_id      TEXT NOT NULL,
    input_setting TEXT NOT NULL,
    field_value   TEXT,
    person_id     TEXT,
    PRIMARY KEY (tenant_key, metric_id, position),
    FOREIGN KEY (tenant_key, metric_id) REFERENCES metrics (tenant_key, metric_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE metric_inputters (
    tenant_key TEXT NOT NULL,
    metric_id  TEXT NOT NULL,
    position   BIGINT NOT NULL,
    user_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_key, metric_id, position),
    FOREIGN KEY (tenant_key, metric_id) REFERENCES metrics (tenant_key, metric_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE metric_templates (
    tenant_key                TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    template_id               TEXT NOT NULL,
    name_zh                   TEXT NOT NULL,
    name_en                   TEXT NOT NULL,
    description_zh            TEXT NOT NULL,
    description_en            TEXT NOT NULL,
    status                    TEXT NOT NULL,
    total_metric_score_method TEXT NOT NULL,
    metric_weight_method      TEXT NOT NULL,
    PRIMARY KEY (tenant_key, template_id)
) WITHOUT ROWID;

CREATE TABLE metric_dimensions (
    tenant_key     TEXT NOT NULL,
    template_id    TEXT NOT NULL,
    position       BIGINT NOT NULL,
    dimension_id   TEXT NOT NULL,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    weight         TEXT,
    PRIMARY KEY (tenant_key, template_id, position),
    FOREIGN KEY (tenant_key, template_id) REFERENCES metric_templates (tenant_key, template_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE metric_template_metrics (
    tenant_key   TEXT NOT NULL,
    template_id  TEXT NOT NULL,
    position     BIGINT NOT NULL,
    metric_id    TEXT NOT NULL,
    dimension_id TEXT NOT NULL,
    rule_min     TEXT,
    rule_max     TEXT,
    PRIMARY KEY (tenant_key, template_id, position),
    FOREIGN KEY (tenant_key, template_id) REFERENCES metric_templates (tenant_key, template_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
