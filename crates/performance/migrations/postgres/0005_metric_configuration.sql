-- Metric configuration (PostgreSQL): the tags and fields of key-performance metrics (关键指标).
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
