-- A tenant's review templates and indicators become catalog data (PostgreSQL): every replica keeps
-- them in memory for the catalog revision it read them at (review_datas v1 names those its
-- records refer to), so every write to their tables moves the revision on, in the writing
-- transaction (see the platform's first migration and ReviewDefinitions in
-- crates/performance/src/results.rs). They are written by fixture loads and the admin API only.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER review_templates_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_templates
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER review_stage_templates_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_stage_templates
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER review_units_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER review_fields_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_fields
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER indicators_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER indicator_options_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_options
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
