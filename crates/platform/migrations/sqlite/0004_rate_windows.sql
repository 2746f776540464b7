-- Rate-limit windows (SQLite): nothing to store. A SQLite database serves one process, which
-- counts its calls in memory (PostgreSQL's replicas share a table; see its migration 0004).
SELECT 1;
