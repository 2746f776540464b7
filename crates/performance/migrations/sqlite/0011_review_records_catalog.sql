-- A semester's review records become catalog data (SQLite): every replica keeps each
-- semester's records, their values and the tags chosen in memory for the catalog revision it
-- read them at, so every write to those tables moves the revision on, in the writing
-- transaction (see the platform's first migration and
-- crates/performance/src/store/review_record_index.rs). They are written by fixture loads, the
-- admin API and semester replacements only.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER review_records_insert_catalog AFTER INSERT ON review_records
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_records_update_catalog AFTER UPDATE ON review_records
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_records_delete_catalog AFTER DELETE ON review_records
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_values_insert_catalog AFTER INSERT ON review_values
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_values_update_catalog AFTER UPDATE ON review_values
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_values_delete_catalog AFTER DELETE ON review_values
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_value_tags_insert_catalog AFTER INSERT ON review_value_tags
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_value_tags_update_catalog AFTER UPDATE ON review_value_tags
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER review_value_tags_delete_catalog AFTER DELETE ON review_value_tags
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
