-- Rate-limit windows shared by every replica (PostgreSQL): the calls one app of one tenant made
-- to one API in one window (its start in ms since the epoch, a multiple of the window's length).
-- Each call counts itself with one upsert, so replicas together allow exactly the vendor's
-- limit; a key keeps only its current window (older ones are deleted when a new one opens),
-- and goes with its tenant. (Conventions: the platform's first migration.)

CREATE TABLE rate_windows (
    tenant_key   TEXT COLLATE "C" NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id       TEXT COLLATE "C" NOT NULL,
    api          TEXT COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    calls        BIGINT NOT NULL,
    PRIMARY KEY (tenant_key, app_id, api, window_start)
);
