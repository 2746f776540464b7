-- Report pages read their rules through the catalog cache, which each replica keeps per catalog
-- revision (two point reads a page were a tenth of its time, BENCHMARKS.md): every write to a
-- rule or its form moves the revision on, whichever replica wrote. Rules are written by fixtures
-- and the admin API only, a few at a time.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER report_rules_insert_catalog AFTER INSERT ON report_rules
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_rules_update_catalog AFTER UPDATE ON report_rules
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_rules_delete_catalog AFTER DELETE ON report_rules
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_form_fields_insert_catalog AFTER INSERT ON report_form_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_form_fields_update_catalog AFTER UPDATE ON report_form_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER report_form_fields_delete_catalog AFTER DELETE ON report_form_fields
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
