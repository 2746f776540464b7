-- The performance module's review configuration (SQLite): user groups with their members,
-- activities of semesters and the groups they review, evaluation indicators with their rating
-- levels, tag-based questions with their tags, and the client tokens of group writes.
-- (Conventions: the platform's first migration.)

CREATE TABLE user_groups (
    tenant_key            TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    group_id              TEXT NOT NULL,
    api_writable          BIGINT NOT NULL,
    scope_visible_setting BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, group_id)
) WITHOUT ROWID;

CREATE TABLE user_group_members (
    tenant_key TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    position   BIGINT NOT NULL,
    user_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_key, group_id, position),
    FOREIGN KEY (tenant_key, group_id) REFERENCES user_groups (tenant_key, group_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
-- Reviewees are read by member.
CREATE INDEX user_group_members_user ON user_group_members (tenant_key, user_id, group_id);

-- One row per client token a group write used (VENDOR: a repeated token is refused, 1580110).
CREATE TABLE user_group_writes (
    tenant_key   TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id       TEXT NOT NULL,
    client_token TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    PRIMARY KEY (tenant_key, app_id, client_token)
) WITHOUT ROWID;

CREATE TABLE activities (
    tenant_key         TEXT NOT NULL,
    activity_id        TEXT NOT NULL,
    semester_id        TEXT NOT NULL,
    name_zh            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    description_zh     TEXT NOT NULL,
    description_en     TEXT NOT NULL,
    mode               TEXT NOT NULL,
    progress           TEXT NOT NULL,
    review_template_id TEXT,
    create_ms          BIGINT NOT NULL,
    modify_ms          BIGINT NOT NULL,
    create_user_id     TEXT,
    modify_user_id     TEXT,
    PRIMARY KEY (tenant_key, activity_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX activities_semester ON activities (tenant_key, semester_id, activity_id);

CREATE TABLE activity_user_groups (
    tenant_key  TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    position    BIGINT NOT NULL,
    group_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_key, activity_id, position),
    FOREIGN KEY (tenant_key, activity_id) REFERENCES activities (tenant_key, activity_id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_key, group_id) REFERENCES user_groups (tenant_key, group_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX activity_user_groups_group ON activity_user_groups (tenant_key, group_id);

CREATE TABLE indicators (
    tenant_key     TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    indicator_id   TEXT NOT NULL,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    indicator_type TEXT NOT NULL,
    PRIMARY KEY (tenant_key, indicator_id)
) WITHOUT ROWID;

CREATE TABLE indicator_options (
    tenant_key   TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    position     BIGINT NOT NULL,
    option_id    TEXT NOT NULL,
    name_zh      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    label        TEXT NOT NULL,
    PRIMARY KEY (tenant_key, indicator_id, position),
    FOREIGN KEY (tenant_key, indicator_id) REFERENCES indicators (tenant_key, indicator_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE questions (
    tenant_key  TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    PRIMARY KEY (tenant_key, question_id)
) WITHOUT ROWID;

CREATE TABLE question_tags (
    tenant_key  TEXT NOT NULL,
    question_id TEXT NOT NULL,
    position    BIGINT NOT NULL,
    tag_id      TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    PRIMARY KEY (tenant_key, question_id, position),
    FOREIGN KEY (tenant_key, question_id) REFERENCES questions (tenant_key, question_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
