-- The directory revision moves with every committed write to `users` and `departments` too
-- (SQLite): a replica's directory cache also keeps the names and departments of the users pages
-- named, and the departments they named, for one directory revision. (Writes that add users
-- also add their identities, but a rename or a move to another department touches only these
-- tables.)

CREATE TRIGGER users_insert_directory AFTER INSERT ON users
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER users_update_directory AFTER UPDATE ON users
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER users_delete_directory AFTER DELETE ON users
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER departments_insert_directory AFTER INSERT ON departments
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER departments_update_directory AFTER UPDATE ON departments
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER departments_delete_directory AFTER DELETE ON departments
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
