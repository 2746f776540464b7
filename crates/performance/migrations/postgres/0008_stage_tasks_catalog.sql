-- Stage tasks become catalog data (PostgreSQL): every replica keeps each semester's tasks in
-- memory for the catalog revision it read them at, so every write to them moves the revision
-- on, in the writing transaction (see the platform's first migration and
-- crates/performance/src/store/task_index.rs). They are written by fixture loads, the admin API
-- and semester replacements, never by the vendor APIs that read them.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER stage_tasks_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stage_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
