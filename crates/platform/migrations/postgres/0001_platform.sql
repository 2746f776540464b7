-- The platform's tables (PostgreSQL): server settings, the catalog revision, tenants, apps, the
-- directory, tokens and OAuth grants.
--
-- Conventions of every openwork table: times are milliseconds since the epoch (BIGINT), flags
-- are 0/1 (BIGINT, one type for both dialects), lists and maps of plain values are JSON text,
-- structures get columns. Text compares in byte order (COLLATE "C"), as in SQLite: keyset paging
-- orders users by the bytes of their user_id, whatever the database's default collation.
-- Foreign keys say who owns a row: every row of a tenant's data is owned, directly or through
-- its parent, by the tenant's row in `tenants`, and goes with it (ON DELETE CASCADE). References
-- that are not ownership (a report's rule, a task's creator) are checked by the services.

CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);

-- A number every committed write to a catalog table (tenants, apps, and the services' tables
-- that requests read on their way in) moves on, whichever replica wrote. A replica caches
-- those tables for one revision and reads only this number per request.
CREATE TABLE catalog_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

CREATE OR REPLACE FUNCTION bump_catalog_revision() RETURNS trigger AS $$
BEGIN
    UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TABLE tenants (
    tenant_key       TEXT COLLATE "C" PRIMARY KEY,
    name             TEXT COLLATE "C" NOT NULL,
    dingtalk_corp_id TEXT COLLATE "C" UNIQUE,
    clock_fixed_ms   BIGINT,
    clock_offset_ms  BIGINT NOT NULL
);

CREATE TABLE apps (
    app_id               TEXT COLLATE "C" PRIMARY KEY,
    tenant_key           TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_secret           TEXT COLLATE "C" NOT NULL,
    name                 TEXT COLLATE "C" NOT NULL,
    developer            TEXT COLLATE "C" NOT NULL,
    scopes               TEXT COLLATE "C" NOT NULL,
    dingtalk_app_key     TEXT COLLATE "C" UNIQUE,
    dingtalk_app_secret  TEXT COLLATE "C",
    dingtalk_agent_id    TEXT COLLATE "C",
    dingtalk_permissions TEXT COLLATE "C",
    position             BIGINT NOT NULL,
    CHECK ((dingtalk_app_key IS NULL) = (dingtalk_app_secret IS NULL))
);
CREATE INDEX apps_tenant ON apps (tenant_key, position);

-- When each app's current token was issued. Not owned by the app: a fixture reload deletes and
-- recreates the app, and an app that kept its secret keeps handing out the same token.
CREATE TABLE app_token_issues (
    app_id                 TEXT COLLATE "C" PRIMARY KEY,
    issued_at_ms           BIGINT NOT NULL,
    credential_fingerprint TEXT COLLATE "C" NOT NULL
);

CREATE TABLE dingtalk_token_issues (
    app_id                 TEXT COLLATE "C" PRIMARY KEY,
    issued_at_ms           BIGINT NOT NULL,
    renewed_at_ms          BIGINT NOT NULL,
    credential_fingerprint TEXT COLLATE "C" NOT NULL
);

CREATE TABLE departments (
    tenant_key         TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    department_id      TEXT COLLATE "C" NOT NULL,
    name               TEXT COLLATE "C" NOT NULL,
    parent_id          TEXT COLLATE "C" NOT NULL,
    leader_user_id     TEXT COLLATE "C",
    open_department_id TEXT COLLATE "C" NOT NULL,
    chat_id            TEXT COLLATE "C",
    position           BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, department_id)
);
CREATE UNIQUE INDEX departments_open_id ON departments (tenant_key, open_department_id);

CREATE TABLE users (
    tenant_key     TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
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
CREATE INDEX users_position ON users (tenant_key, position);
-- user IDs are unique regardless of case for batch imports
CREATE INDEX users_lower_id ON users (tenant_key, lower(user_id));

CREATE TABLE user_identities (
    tenant_key TEXT COLLATE "C" NOT NULL,
    app_id     TEXT COLLATE "C" NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
    user_id    TEXT COLLATE "C" NOT NULL,
    open_id    TEXT COLLATE "C" NOT NULL,
    union_id   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_key, app_id, user_id),
    FOREIGN KEY (tenant_key, user_id) REFERENCES users (tenant_key, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX user_identities_open_id ON user_identities (app_id, open_id);
CREATE INDEX user_identities_union_id ON user_identities (app_id, union_id);
CREATE INDEX user_identities_user ON user_identities (tenant_key, user_id);

-- Single-use OAuth grants (authorization codes, refresh tokens), stored by their SHA-256.
CREATE TABLE oauth_grants (
    grant_hash    TEXT COLLATE "C" PRIMARY KEY,
    kind          TEXT COLLATE "C" NOT NULL,
    tenant_key    TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id        TEXT COLLATE "C" NOT NULL,
    user_id       TEXT COLLATE "C" NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX oauth_grants_tenant ON oauth_grants (tenant_key);

CREATE TRIGGER tenants_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER apps_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON apps
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
