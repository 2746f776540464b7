-- Metric configuration (SQLite): the tags and fields of key-performance metrics (关键指标).
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
