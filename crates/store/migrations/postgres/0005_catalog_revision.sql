-- The catalog revision: a number every write to the tables a request reads on its way in
-- (tenants, apps, semesters, stages) moves on, in the writing transaction. A replica caches
-- those tables and reads only this number per request; a new number drops its cache, so a
-- change made through any replica is seen by every other at its next request.
CREATE TABLE catalog_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

CREATE FUNCTION bump_catalog_revision() RETURNS trigger AS $$
BEGIN
    UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tenants_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();

CREATE TRIGGER apps_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON apps
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();

CREATE TRIGGER semesters_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON semesters
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();

CREATE TRIGGER stages_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stages
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
