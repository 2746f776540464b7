-- Nothing changes on PostgreSQL (SQLite's 0002 makes the commit-time index cover every column
-- of `reports`). PostgreSQL answers from an index alone only for rows its visibility map marks
-- all-visible, which takes a VACUUM that openwork's loads do not run, so a covering index would
-- still read each report's row from the table, and cost its bytes twice.
-- (Conventions: the platform's first migration.)

SELECT 1;
