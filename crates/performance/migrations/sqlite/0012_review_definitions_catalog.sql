-- A tenant's review templates and indicators become catalog data (SQLite): every replica keeps
-- them in memory for the catalog revision it read them at (review_datas v1 names those its
-- records refer to), so every write to their tables moves the revision on, in the writing
-- transaction (see the platform's first migration and ReviewDefinitions in
-- crates/performance/src/results.rs). They are written by fixture loads and the admin API only.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER review_templates_insert_catalog AFTER INSERT ON review_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_templates_update_catalog AFTER UPDATE ON review_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_templates_delete_catalog AFTER DELETE ON review_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_stage_templates_insert_catalog AFTER INSERT ON review_stage_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_stage_templates_update_catalog AFTER UPDATE ON review_stage_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_stage_templates_delete_catalog AFTER DELETE ON review_stage_templates
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_units_insert_catalog AFTER INSERT ON review_units
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_units_update_catalog AFTER UPDATE ON review_units
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_units_delete_catalog AFTER DELETE ON review_units
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_fields_insert_catalog AFTER INSERT ON review_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_fields_update_catalog AFTER UPDATE ON review_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_fields_delete_catalog AFTER DELETE ON review_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicators_insert_catalog AFTER INSERT ON indicators
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicators_update_catalog AFTER UPDATE ON indicators
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicators_delete_catalog AFTER DELETE ON indicators
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_options_insert_catalog AFTER INSERT ON indicator_options
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_options_update_catalog AFTER UPDATE ON indicator_options
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_options_delete_catalog AFTER DELETE ON indicator_options
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
