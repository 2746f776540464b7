-- The catalog revision: a number every write to the tables a request reads on its way in
-- (tenants, apps, semesters, stages) moves on, in the writing transaction. A replica caches
-- those tables and reads only this number per request; a new number drops its cache, so a
-- change made through any replica is seen by every other at its next request.
CREATE TABLE catalog_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);
CREATE TRIGGER tenants_insert_catalog AFTER INSERT ON tenants
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER tenants_update_catalog AFTER UPDATE ON tenants
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER tenants_delete_catalog AFTER DELETE ON tenants
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER apps_insert_catalog AFTER INSERT ON apps
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER apps_update_catalog AFTER UPDATE ON apps
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER apps_delete_catalog AFTER DELETE ON apps
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER semesters_insert_catalog AFTER INSERT ON semesters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER semesters_update_catalog AFTER UPDATE ON semesters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER semesters_delete_catalog AFTER DELETE ON semesters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stages_insert_catalog AFTER INSERT ON stages
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stages_update_catalog AFTER UPDATE ON stages
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER stages_delete_catalog AFTER DELETE ON stages
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
