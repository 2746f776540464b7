-- Rate-limit windows shared by every replica (PostgreSQL): for each app of each tenant and each
-- API, when its current window opened (ms since the epoch; a window opens with the first call
-- after the last one closed) and how many calls it holds. Each call counts itself with one
-- upsert, so replicas together allow exactly the vendor's limit. A key's row goes with its
-- tenant. (Conventions: the platform's first migration.)

CREATE TABLE rate_windows (
    tenant_key   TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id       TEXT COLLATE "C" NOT NULL,
    api          TEXT COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    calls        BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, app_id, api)
);
