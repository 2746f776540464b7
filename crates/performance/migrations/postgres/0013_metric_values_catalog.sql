-- A semester's metric values become catalog data (PostgreSQL): every replica keeps each
-- semester's imported and loaded metric values in memory for the catalog revision it read them
-- at, so every write to their table moves the revision on, in the writing transaction (see the
-- platform's first migration and crates/performance/src/store/metric_value_index.rs). They are
-- written by fixture loads and by `metric_details/import`, which a tenant calls when its
-- metrics are reckoned (a batch of reviewees at a time), not per request.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER metric_detail_values_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_detail_values
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
