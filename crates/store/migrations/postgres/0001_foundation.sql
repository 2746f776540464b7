-- openwork schema, PostgreSQL dialect. Times are milliseconds since the epoch (BIGINT), booleans
-- are 0/1 (BIGINT, one type for both dialects), lists and nested aggregates are JSON text.
-- Text is compared in byte order (COLLATE "C"), as in SQLite: keyset paging orders users by
-- their user_id bytes, whatever the database's default collation.

CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);

CREATE TABLE tenants (
    tenant_key       TEXT COLLATE "C" PRIMARY KEY,
    name             TEXT COLLATE "C" NOT NULL,
    dingtalk_corp_id TEXT COLLATE "C",
    clock_fixed_ms   BIGINT,
    clock_offset_ms  BIGINT NOT NULL DEFAULT 0,
    perf_licensed    BIGINT NOT NULL,
    perf_allow_late  BIGINT NOT NULL,
    report_enabled   BIGINT NOT NULL
);
CREATE UNIQUE INDEX tenants_dingtalk_corp ON tenants (dingtalk_corp_id);

CREATE TABLE apps (
    app_id           TEXT COLLATE "C" PRIMARY KEY,
    tenant_key       TEXT COLLATE "C" NOT NULL,
    app_secret       TEXT COLLATE "C" NOT NULL,
    name             TEXT COLLATE "C" NOT NULL,
    developer        TEXT COLLATE "C" NOT NULL,
    scopes           TEXT COLLATE "C" NOT NULL,
    dingtalk_app_key TEXT COLLATE "C",
    dingtalk         TEXT COLLATE "C",
    position         BIGINT NOT NULL
);
CREATE INDEX apps_tenant ON apps (tenant_key);
CREATE UNIQUE INDEX apps_dingtalk_app_key ON apps (dingtalk_app_key);

CREATE TABLE app_token_issues (
    app_id                 TEXT COLLATE "C" PRIMARY KEY,
    issued_at_ms           BIGINT NOT NULL,
    credential_fingerprint TEXT COLLATE "C" NOT NULL
);

CREATE TABLE departments (
    tenant_key         TEXT COLLATE "C" NOT NULL,
    department_id      TEXT COLLATE "C" NOT NULL,
    name               TEXT COLLATE "C" NOT NULL,
    parent_id          TEXT COLLATE "C" NOT NULL,
    leader_user_id     TEXT COLLATE "C",
    open_department_id TEXT COLLATE "C" NOT NULL,
    position           BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, department_id)
);
CREATE UNIQUE INDEX departments_open_id ON departments (tenant_key, open_department_id);

CREATE TABLE users (
    tenant_key     TEXT COLLATE "C" NOT NULL,
    user_id        TEXT COLLATE "C" NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    en_name        TEXT COLLATE "C",
    email          TEXT COLLATE "C",
    mobile         TEXT COLLATE "C",
    department_ids TEXT COLLATE "C" NOT NULL,
    leader_user_id TEXT COLLATE "C",
    employee_no    TEXT COLLATE "C",
    attributes     TEXT COLLATE "C" NOT NULL,
    position       BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, user_id)
);
CREATE UNIQUE INDEX users_mobile ON users (tenant_key, mobile);

CREATE TABLE user_identities (
    tenant_key TEXT COLLATE "C" NOT NULL,
    app_id     TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    open_id    TEXT COLLATE "C" NOT NULL,
    union_id   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, app_id, user_id)
);
CREATE UNIQUE INDEX user_identities_open_id ON user_identities (app_id, open_id);
CREATE INDEX user_identities_union_id ON user_identities (app_id, union_id);

CREATE TABLE semesters (
    tenant_key     TEXT COLLATE "C" NOT NULL,
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
    PRIMARY KEY (tenant_key, stage_id)
);
CREATE INDEX stages_semester ON stages (tenant_key, semester_id, position);

CREATE TABLE stage_tasks (
    tenant_key  TEXT COLLATE "C" NOT NULL,
    semester_id TEXT COLLATE "C" NOT NULL,
    user_id     TEXT COLLATE "C" NOT NULL,
    stage_id    TEXT COLLATE "C" NOT NULL,
    need_todo   BIGINT NOT NULL,
    finished    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, semester_id, user_id, stage_id)
);
CREATE INDEX stage_tasks_stage ON stage_tasks (tenant_key, stage_id);

CREATE TABLE review_templates (
    tenant_key         TEXT COLLATE "C" NOT NULL,
    review_template_id TEXT COLLATE "C" NOT NULL,
    body               TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, review_template_id)
);

CREATE TABLE report_rules (
    tenant_key      TEXT COLLATE "C" NOT NULL,
    rule_id         TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    icon_name       TEXT COLLATE "C",
    owner_user_id   TEXT COLLATE "C",
    creator_user_id TEXT COLLATE "C",
    created_at_ms   BIGINT NOT NULL,
    form            TEXT COLLATE "C" NOT NULL,
    audience        TEXT COLLATE "C" NOT NULL,
    deleted         BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id)
);
CREATE INDEX report_rules_name ON report_rules (tenant_key, name);

CREATE TABLE reports (
    tenant_key   TEXT COLLATE "C" NOT NULL,
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
    PRIMARY KEY (tenant_key, user_id, task_id)
);

CREATE TABLE workspace_tasks (
    tenant_key         TEXT COLLATE "C" NOT NULL,
    task_id            TEXT COLLATE "C" NOT NULL,
    source             TEXT COLLATE "C" NOT NULL,
    source_id          TEXT COLLATE "C" NOT NULL,
    body               TEXT COLLATE "C" NOT NULL,
    gmt_create_ms      BIGINT NOT NULL,
    gmt_modified_ms    BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, task_id)
);
CREATE UNIQUE INDEX workspace_tasks_source ON workspace_tasks (tenant_key, source, source_id);
