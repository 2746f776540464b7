-- A semester's additional information becomes catalog data (PostgreSQL): every replica keeps
-- each semester's items in memory for the catalog revision it read them at, so every write to
-- their table moves the revision on, in the writing transaction (see the platform's first
-- migration and crates/performance/src/store/additional_info_index.rs). They are written by
-- fixture loads, `additional_informations/import` and `additional_informations/batch`, each a
-- batch a tenant sends, not a write per request.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER additional_informations_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON additional_informations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
