-- DingTalk: when each app's current /gettoken token was issued and last renewed; the project of
-- each workspace task as a column (deletebyproject); task-list visibility per user
-- ('' as project_id: org-wide).

CREATE TABLE dingtalk_token_issues (
    app_id                 TEXT PRIMARY KEY,
    issued_at_ms           BIGINT NOT NULL,
    renewed_at_ms          BIGINT NOT NULL,
    credential_fingerprint TEXT NOT NULL
);

ALTER TABLE workspace_tasks ADD COLUMN corp_id TEXT;
CREATE INDEX workspace_tasks_project ON workspace_tasks (tenant_key, corp_id);

CREATE TABLE workspace_tasklists (
    tenant_key    TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    project_id    TEXT NOT NULL,
    hidden        BIGINT NOT NULL,
    changed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, user_id, project_id)
) WITHOUT ROWID;
