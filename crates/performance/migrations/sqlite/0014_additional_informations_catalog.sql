-- A semester's additional information becomes catalog data (SQLite): every replica keeps each
-- semester's items in memory for the catalog revision it read them at, so every write to
-- their table moves the revision on, in the writing transaction (see the platform's first
-- migration and crates/performance/src/store/additional_info_index.rs). They are written by
-- fixture loads, `additional_informations/import` and `additional_informations/batch`, each a
-- batch a tenant sends, not a write per request.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER additional_informations_insert_catalog AFTER INSERT ON additional_informations
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER additional_informations_update_catalog AFTER UPDATE ON additional_informations
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER additional_informations_delete_catalog AFTER DELETE ON additional_informations
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
