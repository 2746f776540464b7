-- A semester's metric values become catalog data (SQLite): every replica keeps each semester's
-- imported and loaded metric values in memory for the catalog revision it read them at, so
-- every write to their table moves the revision on, in the writing transaction (see the
-- platform's first migration and crates/performance/src/store/metric_value_index.rs). They are
-- written by fixture loads and by `metric_details/import`, which a tenant calls when its
-- metrics are reckoned (a batch of reviewees at a time), not per request.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER metric_detail_values_insert_catalog AFTER INSERT ON metric_detail_values
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_detail_values_update_catalog AFTER UPDATE ON metric_detail_values
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER metric_detail_values_delete_catalog AFTER DELETE ON metric_detail_values
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
