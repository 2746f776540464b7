-- Report pages read their rules through the catalog cache, which each replica keeps per catalog
-- revision: every write to a rule or its form moves the revision on, whichever replica wrote
-- (SQLite's 0003 says why).
-- (Conventions: the platform's first migration.)

CREATE TRIGGER report_rules_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_rules
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER report_form_fields_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_form_fields
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
