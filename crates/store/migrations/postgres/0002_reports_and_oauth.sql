-- Board views removed by report/v1/rules/:rule_id/views/remove ('' as user_id: for everyone),
-- and the OAuth code flow's single-use grants (authorization codes and refresh tokens, stored
-- by their SHA-256, never in clear).

CREATE TABLE report_view_removals (
    tenant_key    TEXT COLLATE "C" NOT NULL,
    rule_id       TEXT COLLATE "C" NOT NULL,
    user_id       TEXT COLLATE "C" NOT NULL,
    removed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, rule_id, user_id)
);

CREATE TABLE oauth_grants (
    grant_hash    TEXT COLLATE "C" PRIMARY KEY,
    kind          TEXT COLLATE "C" NOT NULL,
    tenant_key    TEXT COLLATE "C" NOT NULL,
    app_id        TEXT COLLATE "C" NOT NULL,
    user_id       TEXT COLLATE "C" NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX oauth_grants_tenant ON oauth_grants (tenant_key);
