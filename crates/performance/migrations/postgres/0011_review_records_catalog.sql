-- A semester's review records become catalog data (PostgreSQL): every replica keeps each
-- semester's records, their values and the tags chosen in memory for the catalog revision it
-- read them at, so every write to those tables moves the revision on, in the writing
-- transaction (see the platform's first migration and
-- crates/performance/src/store/review_record_index.rs). They are written by fixture loads, the
-- admin API and semester replacements only.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER review_records_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_records
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER review_values_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_values
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER review_value_tags_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_value_tags
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
