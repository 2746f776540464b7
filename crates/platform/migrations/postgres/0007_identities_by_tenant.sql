-- Users named by their open_id or union_id are found through an index that begins with what
-- every such statement pins (`WHERE tenant_key = ? AND app_id = ? AND open_id IN (…)`) and holds
-- every column it reads. The indexes began with app_id alone and held neither, so a planner
-- without statistics (SQLite has none unless ANALYZE runs) preferred the primary key's
-- (tenant_key, app_id) prefix and read every identity of the app: 13 ms a statement on the
-- benchmark world's 100,000 users (BENCHMARKS.md). `user_identities_open_id` stays: it keeps
-- each open_id unique in its app.
-- (Conventions: the platform's first migration.)

CREATE INDEX user_identities_by_open_id ON user_identities (tenant_key, app_id, open_id, union_id);
DROP INDEX user_identities_union_id;
CREATE INDEX user_identities_union_id ON user_identities (tenant_key, app_id, union_id, open_id);
