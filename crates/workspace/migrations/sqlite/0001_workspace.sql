-- The DingTalk workspace service's tables (SQLite): tasks, and which of a user's tasks their
-- task list hides. (Conventions: the platform's first migration.)

CREATE TABLE workspace_tasks (
    tenant_key         TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    task_id            TEXT NOT NULL,
    source             TEXT NOT NULL,
    source_id          TEXT NOT NULL,
    subject            TEXT NOT NULL,
    description        TEXT,
    creator_userid     TEXT,
    modifier_userid    TEXT,
    executor_userid    TEXT,
    tracker_userids    TEXT NOT NULL,
    priority           BIGINT,
    status_stage       BIGINT,
    status_id          BIGINT,
    task_type_id       BIGINT,
    task_type_category TEXT,
    parent_id          TEXT,
    corp_id            TEXT,
    belong_corp_id     TEXT,
    biz_tag            TEXT NOT NULL,
    is_archived        BIGINT NOT NULL,
    is_recycled        BIGINT NOT NULL,
    plan_start_ms      BIGINT,
    plan_finish_ms     BIGINT,
    start_ms           BIGINT,
    finish_ms          BIGINT,
    gmt_create_ms      BIGINT NOT NULL,
    gmt_modified_ms    BIGINT NOT NULL,
    comment_count      TEXT,
    file_path          TEXT,
    other              TEXT,
    PRIMARY KEY (tenant_key, task_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX workspace_tasks_source ON workspace_tasks (tenant_key, source, source_id);
-- deletebyproject: the project is the task's corp_id
CREATE INDEX workspace_tasks_project ON workspace_tasks (tenant_key, corp_id);

-- '' as project_id: the user's whole task list.
CREATE TABLE workspace_tasklists (
    tenant_key    TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    user_id       TEXT NOT NULL,
    project_id    TEXT NOT NULL,
    hidden        BIGINT NOT NULL,
    changed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, user_id, project_id)
) WITHOUT ROWID;
