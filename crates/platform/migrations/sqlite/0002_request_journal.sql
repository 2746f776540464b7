-- The request journal kept in the database (SQLite): every replica's requests, newest last.
-- Each entry is the admin API's JSON; the columns beside it are what listings filter on.
-- (Conventions: the platform's first migration.)

CREATE TABLE request_journal (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms    BIGINT NOT NULL,
    log_id     TEXT NOT NULL,
    tenant_key TEXT,
    app_id     TEXT,
    path       TEXT NOT NULL,
    status     BIGINT NOT NULL,
    code       BIGINT,
    entry      TEXT NOT NULL
);
CREATE INDEX request_journal_log_id ON request_journal (log_id);
CREATE INDEX request_journal_time ON request_journal (time_ms);
