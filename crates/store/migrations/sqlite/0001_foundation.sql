-- openwork schema, SQLite dialect. Times are milliseconds since the epoch (BIGINT), booleans are
-- 0/1 (BIGINT), lists and nested aggregates are JSON text. Tables keyed by (tenant_key, ...) are
-- WITHOUT ROWID so that rows are clustered by their key and keyset scans read them in order.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE tenants (
    tenant_key       TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    dingtalk_corp_id TEXT,
    clock_fixed_ms   BIGINT,
    clock_offset_ms  BIGINT NOT NULL DEFAULT 0,
    perf_licensed    BIGINT NOT NULL,
    perf_allow_late  BIGINT NOT NULL,
    report_enabled   BIGINT NOT NULL
);
CREATE UNIQUE INDEX tenants_dingtalk_corp ON tenants (dingtalk_corp_id);

CREATE TABLE apps (
    app_id           TEXT PRIMARY KEY,
    tenant_key       TEXT NOT NULL,
    app_secret       TEXT NOT NULL,
    name             TEXT NOT NULL,
    developer        TEXT NOT NULL,
    scopes           TEXT NOT NULL,
    dingtalk_app_key TEXT,
    dingtalk         TEXT,
    position         BIGINT NOT NULL
);
CREATE INDEX apps_tenant ON apps (tenant_key);
CREATE UNIQUE INDEX apps_dingtalk_app_key ON apps (dingtalk_app_key);

CREATE TABLE app_token_issues (
    app_id                 TEXT PRIMARY KEY,
    issued_at_ms           BIGINT NOT NULL,
    credential_fingerprint TEXT NOT NULL
);

CREATE TABLE departments (
    tenant_key         TEXT NOT NULL,
    department_id      TEXT NOT NULL,
    name               TEXT NOT NULL,
    parent_id          TEXT NOT NULL,
    leader_user_id     TEXT,
    open_department_id TEXT NOT NULL,
    position           BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, department_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX departments_open_id ON departments (tenant_key, open_department_id);

CREATE TABLE users (
    tenant_key     TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    name           TEXT NOT NULL,
    en_name        TEXT,
    email          TEXT,
    mobile         TEXT,
    department_ids TEXT NOT NULL,
    leader_user_id TEXT,
    employee_no    TEXT,
    attributes     TEXT NOT NULL,
    position       BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, user_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX users_mobile ON users (tenant_key, mobile);

CREATE TABLE user_identities (
    tenant_key TEXT NOT NULL,
    app_id     TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    open_id    TEXT NOT NULL,
    union_id   TEXT NOT NULL,
    PRIMARY KEY (tenant_key, app_id, user_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX user_identities_open_id ON user_identities (app_id, open_id);
CREATE INDEX user_identities_union_id ON user_identities (app_id, union_id);

CREATE TABLE semesters (
    tenant_key     TEXT NOT NULL,
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
    PRIMARY KEY (tenant_key, stage_id)
) WITHOUT ROWID;
CREATE INDEX stages_semester ON stages (tenant_key, semester_id, position);

CREATE TABLE stage_tasks (
    tenant_key  TEXT NOT NULL,
    semester_id TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    stage_id    TEXT NOT NULL,
    need_todo   BIGINT NOT NULL,
    finished    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, semester_id, user_id, stage_id)
) WITHOUT ROWID;
CREATE INDEX stage_tasks_stage ON stage_tasks (tenant_key, stage_id);

CREATE TABLE review_templates (
    tenant_key         TEXT NOT NULL,
    review_template_id TEXT NOT NULL,
    body               TEXT NOT NULL,
    PRIMARY KEY (tenant_key, review_template_id)
) WITHOUT ROWID;

CREATE TABLE report_rules (
    tenant_key      TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    icon_name       TEXT,
    owner_user_id   TEXT,
    creator_user_id TEXT,
    created_at_ms   BIGINT NOT NULL,
    form            TEXT NOT NULL,
    audience        TEXT NOT NULL,
    deleted         BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id)
) WITHOUT ROWID;
CREATE INDEX report_rules_name ON report_rules (tenant_key, name);

CREATE TABLE reports (
    tenant_key   TEXT NOT NULL,
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
    PRIMARY KEY (tenant_key, user_id, task_id)
) WITHOUT ROWID;

CREATE TABLE workspace_tasks (
    tenant_key         TEXT NOT NULL,
    task_id            TEXT NOT NULL,
    source             TEXT NOT NULL,
    source_id          TEXT NOT NULL,
    body               TEXT NOT NULL,
    gmt_create_ms      BIGINT NOT NULL,
    gmt_modified_ms    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, task_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX workspace_tasks_source ON workspace_tasks (tenant_key, source, source_id);
