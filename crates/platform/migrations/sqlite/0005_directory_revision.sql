-- The directory revision (SQLite): a number every committed write to `user_identities` moves
-- on, in the writing transaction. A replica keeps how each app sees the users it was asked about
-- (their open_id and union_id) for one directory revision, and reads this number with the
-- catalog revision, in the same statement, on every request. It is not the catalog revision:
-- contact imports write users all day, and must not throw away a semester's stage-task index.
-- (Conventions: the platform's first migration.)

CREATE TABLE directory_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO directory_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER user_identities_insert_directory AFTER INSERT ON user_identities
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER user_identities_update_directory AFTER UPDATE ON user_identities
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER user_identities_delete_directory AFTER DELETE ON user_identities
BEGIN UPDATE directory_revision SET revision = revision + 1 WHERE id = 1; END;
