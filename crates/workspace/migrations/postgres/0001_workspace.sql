-- The DingTalk workspace service's tables (PostgreSQL): tasks, and which of a user's tasks their
-- task list hides. (Conventions: the platform's first migration.)

CREATE TABLE workspace_tasks (
    tenant_key         TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    task_id            TEXT COLLATE "C" NOT NULL,
    source             TEXT COLLATE "C" NOT NULL,
    source_id          TEXT COLLATE "C" NOT NULL,
    subject            TEXT COLLATE "C" NOT NULL,
    description        TEXT COLLATE "C",
    creator_userid     TEXT COLLATE "C",
    modifier_userid    TEXT COLLATE "C",
    executor_userid    TEXT COLLATE "C",
    tracker_userids    TEXT COLLATE "C" NOT NULL,
    priority           BIGINT,
    status_stage       BIGINT,
    status_id          BIGINT,
    task_type_id       BIGINT,
    task_type_category TEXT COLLATE "C",
    parent_id          TEXT COLLATE "C",
    corp_id            TEXT COLLATE "C",
    belong_corp_id     TEXT COLLATE "C",
    biz_tag            TEXT COLLATE "C" NOT NULL,
    is_archived        BIGINT NOT NULL,
    is_recycled        BIGINT NOT NULL,
    plan_start_ms      BIGINT,
    plan_finish_ms     BIGINT,
    start_ms           BIGINT,
    finish_ms          BIGINT,
    gmt_create_ms      BIGINT NOT NULL,
    gmt_modified_ms    BIGINT NOT NULL,
    comment_count      TEXT COLLATE "C",
    file_path          TEXT COLLATE "C",
    other              TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, task_id)
);
CREATE UNIQUE INDEX workspace_tasks_source ON workspace_tasks (tenant_key, source, source_id);
-- deletebyproject: the project is the task's corp_id
CREATE INDEX workspace_tasks_project ON workspace_tasks (tenant_key, corp_id);

-- '' as project_id: the user's whole task list.
CREATE TABLE workspace_tasklists (
    tenant_key    TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    user_id       TEXT COLLATE "C" NOT NULL,
    project_id    TEXT COLLATE "C" NOT NULL,
    hidden        BIGINT NOT NULL,
    changed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, user_id, project_id)
);
