-- The request journal kept in the database (PostgreSQL): every replica's requests, newest last.
-- Each entry is the admin API's JSON; the columns beside it are what listings filter on.
-- (Conventions: the platform's first migration.)

CREATE TABLE request_journal (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time_ms    BIGINT NOT NULL,
    log_id     TEXT COLLATE "C" NOT NULL,
    tenant_key TEXT COLLATE "C",
    app_id     TEXT COLLATE "C",
    path       TEXT COLLATE "C" NOT NULL,
    status     BIGINT NOT NULL,
    code       BIGINT,
    entry      TEXT NOT NULL
);
CREATE INDEX request_journal_log_id ON request_journal (log_id);
CREATE INDEX request_journal_time ON request_journal (time_ms);
