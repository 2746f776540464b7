-- The directory revision moves with every committed write to `users` and `departments` too
-- (PostgreSQL, once per statement): a replica's directory cache also keeps the names and
-- departments of the users pages named, and the departments they named, for one directory
-- revision. (Writes that add users also add their identities, but a rename or a move to
-- another department touches only these tables.)

CREATE TRIGGER users_directory AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_revision();
CREATE TRIGGER departments_directory AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON departments FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_revision();
