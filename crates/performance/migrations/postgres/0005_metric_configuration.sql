-- Metric configuration (PostgreSQL): the tags and fields of key-performance metrics (关键指标),
-- the metric library with each metric's tags, field settings and data-source inputters, and
-- metric templates with their dimensions and the library metrics set in them.
-- (Conventions: the platform's first migration.)

CREATE TABLE metric_tags (
    tenant_key TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    tag_id     TEXT COLLATE "C" NOT NULL,
    name_zh    TEXT COLLATE "C" NOT NULL,
    name_en    TEXT COLLATE "C" NOT NULL,
    position   BIGINT NOT NULL,
    create_ms  BIGINT NOT NULL,
    update_ms  BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, tag_id)
);

CREATE TABLE metric_fields (
    tenant_key TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    field_id   TEXT COLLATE "C" NOT NULL,
    name_zh    TEXT COLLATE "C" NOT NULL,
    name_en    TEXT COLLATE "C" NOT NULL,
    field_type TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, field_id)
);

CREATE TABLE metrics (
    tenant_key            TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    metric_id             TEXT COLLATE "C" NOT NULL,
    name                  TEXT COLLATE "C" NOT NULL,
    type_id               TEXT COLLATE "C" NOT NULL,
    scoring_setting_type  TEXT COLLATE "C" NOT NULL,
    formula_id            TEXT COLLATE "C",
    formula_name          TEXT COLLATE "C",
    formula_details       TEXT COLLATE "C",
    range_of_availability TEXT COLLATE "C" NOT NULL,
    is_active             BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, metric_id)
);

CREATE TABLE metric_tag_links (
    tenant_key TEXT COLLATE "C" NOT NULL,
    metric_id  TEXT COLLATE "C" NOT NULL,
    position   BIGINT NOT NULL,
    tag_id     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, metric_id, position),
    FOREIGN KEY (tenant_key, metric_id) REFERENCES metrics (tenant_key, metric_id) ON DELETE CASCADE
);

CREATE TABLE metric_field_settings (
    tenant_key    TEXT COLLATE "C" NOT NULL,
    metric_id     TEXT COLLATE "C" NOT NULL,
    position      BIGINT NOT NULL,
    field_id      TEXT COLLATE "C" NOT NULL,
    input_setting TEXT COLLATE "C" NOT NULL,
    field_value   TEXT COLLATE "C",
    person_id     TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, metric_id, position),
    FOREIGN KEY (tenant_key, metric_id) REFERENCES metrics (tenant_key, metric_id) ON DELETE CASCADE
);

CREATE TABLE metric_inputters (
    tenant_key TEXT COLLATE "C" NOT NULL,
    metric_id  TEXT COLLATE "C" NOT NULL,
    position   BIGINT NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, metric_id, position),
    FOREIGN KEY (tenant_key, metric_id) REFERENCES metrics (tenant_key, metric_id) ON DELETE CASCADE
);

CREATE TABLE metric_templates (
    tenant_key                TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    template_id               TEXT COLLATE "C" NOT NULL,
    name_zh                   TEXT COLLATE "C" NOT NULL,
    name_en                   TEXT COLLATE "C" NOT NULL,
    description_zh            TEXT COLLATE "C" NOT NULL,
    description_en            TEXT COLLATE "C" NOT NULL,
    status                    TEXT COLLATE "C" NOT NULL,
    total_metric_score_method TEXT COLLATE "C" NOT NULL,
    metric_weight_method      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, template_id)
);

CREATE TABLE metric_dimensions (
    tenant_key     TEXT COLLATE "C" NOT NULL,
    template_id    TEXT COLLATE "C" NOT NULL,
    position       BIGINT NOT NULL,
    dimension_id   TEXT COLLATE "C" NOT NULL,
    name_zh        TEXT COLLATE "C" NOT NULL,
    name_en        TEXT COLLATE "C" NOT NULL,
    description_zh TEXT COLLATE "C" NOT NULL,
    description_en TEXT COLLATE "C" NOT NULL,
    weight         TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, template_id, position),
    FOREIGN KEY (tenant_key, template_id) REFERENCES metric_templates (tenant_key, template_id)
        ON DELETE CASCADE
);

CREATE TABLE metric_template_metrics (
    tenant_key   TEXT COLLATE "C" NOT NULL,
    template_id  TEXT COLLATE "C" NOT NULL,
    position     BIGINT NOT NULL,
    metric_id    TEXT COLLATE "C" NOT NULL,
    dimension_id TEXT COLLATE "C" NOT NULL,
    rule_min     TEXT COLLATE "C",
    rule_max     TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, template_id, position),
    FOREIGN KEY (tenant_key, template_id) REFERENCES metric_templates (tenant_key, template_id)
        ON DELETE CASCADE
);
