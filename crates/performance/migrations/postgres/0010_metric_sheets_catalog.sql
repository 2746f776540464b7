-- The tenant's metric templates, as the sheets metric details follow, become catalog data
-- (PostgreSQL): every replica keeps them in memory for the catalog revision it read them at, so
-- every write to the tables a sheet is made of moves the revision on, in the writing
-- transaction (see the platform's first migration and `PerformanceCatalog::metric_sheets`).
-- They are written by fixture loads only.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER metric_fields_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_fields
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metrics_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metrics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metric_tag_links_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_tag_links
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metric_field_settings_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_field_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metric_inputters_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_inputters
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metric_templates_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_templates
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metric_dimensions_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_dimensions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER metric_template_metrics_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_template_metrics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
