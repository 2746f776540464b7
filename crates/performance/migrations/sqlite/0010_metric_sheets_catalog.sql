-- The tenant's metric templates, as the sheets metric details follow, become catalog data
-- (SQLite): every replica keeps them in memory for the catalog revision it read them at, so
-- every write to the tables a sheet is made of moves the revision on, in the writing
-- transaction (see the platform's first migration and `PerformanceCatalog::metric_sheets`).
-- They are written by fixture loads only.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER metric_fields_insert_catalog AFTER INSERT ON metric_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_fields_update_catalog AFTER UPDATE ON metric_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_fields_delete_catalog AFTER DELETE ON metric_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metrics_insert_catalog AFTER INSERT ON metrics
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metrics_update_catalog AFTER UPDATE ON metrics
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metrics_delete_catalog AFTER DELETE ON metrics
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_tag_links_insert_catalog AFTER INSERT ON metric_tag_links
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_tag_links_update_catalog AFTER UPDATE ON metric_tag_links
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_tag_links_delete_catalog AFTER DELETE ON metric_tag_links
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_field_settings_insert_catalog AFTER INSERT ON metric_field_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_field_settings_update_catalog AFTER UPDATE ON metric_field_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_field_settings_delete_catalog AFTER DELETE ON metric_field_settings
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_inputters_insert_catalog AFTER INSERT ON metric_inputters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_inputters_update_catalog AFTER UPDATE ON metric_inputters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_inputters_delete_catalog AFTER DELETE ON metric_inputters
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_templates_insert_catalog AFTER INSERT ON metric_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_templates_update_catalog AFTER UPDATE ON metric_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_templates_delete_catalog AFTER DELETE ON metric_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_dimensions_insert_catalog AFTER INSERT ON metric_dimensions
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_dimensions_update_catalog AFTER UPDATE ON metric_dimensions
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_dimensions_delete_catalog AFTER DELETE ON metric_dimensions
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_template_metrics_insert_catalog AFTER INSERT ON metric_template_metrics
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_template_metrics_update_catalog AFTER UPDATE ON metric_template_metrics
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_template_metrics_delete_catalog AFTER DELETE ON metric_template_metrics
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
