-- The performance module's review configuration (PostgreSQL): user groups with their members,
-- activities of semesters and the groups they review, evaluation indicators with their rating
-- levels, tag-based questions with their tags, and the client tokens of group writes.
-- (Conventions: the platform's first migration.)

CREATE TABLE user_groups (
    tenant_key            TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    group_id              TEXT COLLATE "C" NOT NULL,
    api_writable          BIGINT NOT NULL,
    scope_visible_setting BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, group_id)
);

CREATE TABLE user_group_members (
    tenant_key TEXT COLLATE "C" NOT NULL,
    group_id   TEXT COLLATE "C" NOT NULL,
    position   BIGINT NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, group_id, position),
    FOREIGN KEY (tenant_key, group_id) REFERENCES user_groups (tenant_key, group_id)
        ON DELETE CASCADE
);
-- Reviewees are read by member.
CREATE INDEX user_group_members_user ON user_group_members (tenant_key, user_id, group_id);

-- One row per client token a group write used (VENDOR: a repeated token is refused, 1580110).
CREATE TABLE user_group_writes (
    tenant_key   TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id       TEXT COLLATE "C" NOT NULL,
    client_token TEXT COLLATE "C" NOT NULL,
    group_id     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, app_id, client_token)
);

CREATE TABLE activities (
    tenant_key         TEXT COLLATE "C" NOT NULL,
    activity_id        TEXT COLLATE "C" NOT NULL,
    semester_id        TEXT COLLATE "C" NOT NULL,
    name_zh            TEXT COLLATE "C" NOT NULL,
    name_en            TEXT COLLATE "C" NOT NULL,
    description_zh     TEXT COLLATE "C" NOT NULL,
    description_en     TEXT COLLATE "C" NOT NULL,
    mode               TEXT COLLATE "C" NOT NULL,
    progress           TEXT COLLATE "C" NOT NULL,
    review_template_id TEXT COLLATE "C",
    create_ms          BIGINT NOT NULL,
    modify_ms          BIGINT NOT NULL,
    create_user_id     TEXT COLLATE "C",
    modify_user_id     TEXT COLLATE "C",
    PRIMARY KEY (tenant_key, activity_id),
    FOREIGN KEY (tenant_key, semester_id) REFERENCES semesters (tenant_key, semester_id)
        ON DELETE CASCADE
);
CREATE INDEX activities_semester ON activities (tenant_key, semester_id, activity_id);

CREATE TABLE activity_user_groups (
    tenant_key  TEXT COLLATE "C" NOT NULL,
    activity_id TEXT COLLATE "C" NOT NULL,
    position    BIGINT NOT NULL,
    group_id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, activity_id, position),
    FOREIGN KEY (tenant_key, activity_id) REFERENCES activities (tenant_key, activity_id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_key, group_id) REFERENCES user_groups (tenant_key, group_id)
        ON DELETE CASCADE
);
CREATE INDEX activity_user_groups_group ON activity_user_groups (tenant_key, group_id);

CREATE TABLE indicators (
    tenant_key     TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    indicator_id   TEXT COLLATE "C" NOT NULL,
    name_zh        TEXT COLLATE "C" NOT NULL,
    name_en        TEXT COLLATE "C" NOT NULL,
    indicator_type TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, indicator_id)
);

CREATE TABLE indicator_options (
    tenant_key   TEXT COLLATE "C" NOT NULL,
    indicator_id TEXT COLLATE "C" NOT NULL,
    position     BIGINT NOT NULL,
    option_id    TEXT COLLATE "C" NOT NULL,
    name_zh      TEXT COLLATE "C" NOT NULL,
    name_en      TEXT COLLATE "C" NOT NULL,
    label        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, indicator_id, position),
    FOREIGN KEY (tenant_key, indicator_id) REFERENCES indicators (tenant_key, indicator_id)
        ON DELETE CASCADE
);

CREATE TABLE questions (
    tenant_key  TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    question_id TEXT COLLATE "C" NOT NULL,
    name_zh     TEXT COLLATE "C" NOT NULL,
    name_en     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, question_id)
);

CREATE TABLE question_tags (
    tenant_key  TEXT COLLATE "C" NOT NULL,
    question_id TEXT COLLATE "C" NOT NULL,
    position    BIGINT NOT NULL,
    tag_id      TEXT COLLATE "C" NOT NULL,
    name_zh     TEXT COLLATE "C" NOT NULL,
    name_en     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, question_id, position),
    FOREIGN KEY (tenant_key, question_id) REFERENCES questions (tenant_key, question_id)
        ON DELETE CASCADE
);
