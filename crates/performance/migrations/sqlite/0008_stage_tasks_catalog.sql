-- Stage tasks become catalog data (SQLite): every replica keeps each semester's tasks in memory
-- for the catalog revision it read them at, so every write to them moves the revision on, in
-- the writing transaction (see the platform's first migration and
-- crates/performance/src/store/task_index.rs). They are written by fixture loads, the admin API
-- and semester replacements, never by the vendor APIs that read them.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER stage_tasks_insert_catalog AFTER INSERT ON stage_tasks
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stage_tasks_update_catalog AFTER UPDATE ON stage_tasks
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stage_tasks_delete_catalog AFTER DELETE ON stage_tasks
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
