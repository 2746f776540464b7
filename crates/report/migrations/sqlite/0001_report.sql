-- The report service's tables (SQLite): whether the tenant has the service, report rules with
-- their forms, submitted reports with their recipients, and removed board views.
-- (Conventions: the platform's first migration.)

CREATE TABLE report_settings (
    tenant_key TEXT PRIMARY KEY REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    enabled    BIGINT NOT NULL
);

-- The audience lists are JSON arrays of user (or department) IDs, in the rule's order.
CREATE TABLE report_rules (
    tenant_key                 TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    rule_id                    TEXT NOT NULL,
    name                       TEXT NOT NULL,
    icon_name                  TEXT,
    owner_user_id              TEXT,
    creator_user_id            TEXT,
    created_at_ms              BIGINT NOT NULL,
    need_report_user_ids       TEXT NOT NULL,
    need_report_department_ids TEXT NOT NULL,
    to_user_ids                TEXT NOT NULL,
    cc_user_ids                TEXT NOT NULL,
    manager_user_ids           TEXT NOT NULL,
    deleted                    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id)
) WITHOUT ROWID;
CREATE INDEX report_rules_name ON report_rules (tenant_key, name);

CREATE TABLE report_form_fields (
    tenant_key TEXT NOT NULL,
    rule_id    TEXT NOT NULL,
    position   BIGINT NOT NULL,
    field_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    field_type TEXT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id, position),
    FOREIGN KEY (tenant_key, rule_id) REFERENCES report_rules (tenant_key, rule_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

-- A report names its rule but is not owned by it: rules are only ever marked deleted.
-- `to_user_ids` is a JSON array in the sender's order, `form_values` a JSON object of the
-- values by field_id; `report_recipients` indexes who received what.
CREATE TABLE reports (
    tenant_key   TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    task_id      TEXT NOT NULL,
    rule_id      TEXT NOT NULL,
    from_user_id TEXT NOT NULL,
    commit_ms    BIGINT NOT NULL,
    to_user_ids  TEXT NOT NULL,
    form_values  TEXT NOT NULL,
    PRIMARY KEY (tenant_key, task_id)
) WITHOUT ROWID;
CREATE INDEX reports_commit ON reports (tenant_key, commit_ms, task_id);

CREATE TABLE report_recipients (
    tenant_key TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_key, user_id, task_id),
    FOREIGN KEY (tenant_key, task_id) REFERENCES reports (tenant_key, task_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX report_recipients_report ON report_recipients (tenant_key, task_id);

-- Board views removed by rules/:rule_id/views/remove ('' as user_id: for everyone). Kept when
-- the rule is replaced through the admin API, so owned by the tenant, not by the rule.
CREATE TABLE report_view_removals (
    tenant_key    TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    rule_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    removed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id, user_id)
) WITHOUT ROWID;

-- Requests read the service switch through the catalog cache.
CREATE TRIGGER report_settings_insert_catalog AFTER INSERT ON report_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_settings_update_catalog AFTER UPDATE ON report_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_settings_delete_catalog AFTER DELETE ON report_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
