-- The report service's tables (PostgreSQL): whether the tenant has the service, report rules with
-- their forms, submitted reports with their recipients, and removed board views.
-- (Conventions: the platform's first migration.)

CREATE TABLE report_settings (
    tenant_key TEXT COLLATE "C" PRIMARY KEY REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    enabled    BIGINT NOT NULL
);

-- The audience lists are JSON arrays of user (or department) IDs, in the rule's order.
CREATE TABLE report_rules (
    tenant_key                 TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    rule_id                    TEXT COLLATE "C" NOT NULL,
    name                       TEXT COLLATE "C" NOT NULL,
    icon_name                  TEXT COLLATE "C",
    owner_user_id              TEXT COLLATE "C",
    creator_user_id            TEXT COLLATE "C",
    created_at_ms              BIGINT NOT NULL,
    need_report_user_ids       TEXT COLLATE "C" NOT NULL,
    need_report_department_ids TEXT COLLATE "C" NOT NULL,
    to_user_ids                TEXT COLLATE "C" NOT NULL,
    cc_user_ids                TEXT COLLATE "C" NOT NULL,
    manager_user_ids           TEXT COLLATE "C" NOT NULL,
    deleted                    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id)
);
CREATE INDEX report_rules_name ON report_rules (tenant_key, name);

CREATE TABLE report_form_fields (
    tenant_key TEXT COLLATE "C" NOT NULL,
    rule_id    TEXT COLLATE "C" NOT NULL,
    position   BIGINT NOT NULL,
    field_id   TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    field_type TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, rule_id, position),
    FOREIGN KEY (tenant_key, rule_id) REFERENCES report_rules (tenant_key, rule_id)
        ON DELETE CASCADE
);

-- A report names its rule but is not owned by it: rules are only ever marked deleted.
-- `to_user_ids` is a JSON array in the sender's order, `form_values` a JSON object of the
-- values by field_id; `report_recipients` indexes who received what.
CREATE TABLE reports (
    tenant_key   TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    task_id      TEXT COLLATE "C" NOT NULL,
    rule_id      TEXT COLLATE "C" NOT NULL,
    from_user_id TEXT COLLATE "C" NOT NULL,
    commit_ms    BIGINT NOT NULL,
    to_user_ids  TEXT COLLATE "C" NOT NULL,
    form_values  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, task_id)
);
CREATE INDEX reports_commit ON reports (tenant_key, commit_ms, task_id);

CREATE TABLE report_recipients (
    tenant_key TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    task_id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, user_id, task_id),
    FOREIGN KEY (tenant_key, task_id) REFERENCES reports (tenant_key, task_id) ON DELETE CASCADE
);
CREATE INDEX report_recipients_report ON report_recipients (tenant_key, task_id);

-- Board views removed by rules/:rule_id/views/remove ('' as user_id: for everyone). Kept when
-- the rule is replaced through the admin API, so owned by the tenant, not by the rule.
CREATE TABLE report_view_removals (
    tenant_key    TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    rule_id       TEXT COLLATE "C" NOT NULL,
    user_id       TEXT COLLATE "C" NOT NULL,
    removed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id, user_id)
);

-- Requests read the service switch through the catalog cache.
CREATE TRIGGER report_settings_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
