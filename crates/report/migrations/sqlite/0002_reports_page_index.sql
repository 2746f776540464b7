-- A page of `tasks/query` is read from one index (SQLite): the commit-time index holds every
-- column of `reports`, so a page is one seek and a scan of adjacent index entries, where it was
-- a seek of the index and then one more of the table for each report on the page (40 % of a
-- page's time in the benchmark, BENCHMARKS.md). It costs the reports' bytes a second time on
-- disk, and nothing else reads reports by commit time.
-- (Conventions: the platform's first migration.)

CREATE INDEX reports_page ON reports
    (tenant_key, commit_ms, task_id, rule_id, from_user_id, to_user_ids, form_values);
DROP INDEX reports_commit;
