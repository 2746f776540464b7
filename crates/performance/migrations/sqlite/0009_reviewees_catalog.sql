-- A semester's reviewees become catalog data (SQLite): every replica keeps each semester's
-- activities and reviewees in memory for the catalog revision it read them at, so every write
-- to the tables they follow from moves the revision on, in the writing transaction (see the
-- platform's first migration and crates/performance/src/store/reviewee_index.rs). Activities
-- and their groups are written by fixture loads, the admin API and semester replacements;
-- group members also by `user_group_user_rels/write`, a rare call.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER activities_insert_catalog AFTER INSERT ON activities
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER activities_update_catalog AFTER UPDATE ON activities
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER activities_delete_catalog AFTER DELETE ON activities
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER activity_user_groups_insert_catalog AFTER INSERT ON activity_user_groups
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER activity_user_groups_update_catalog AFTER UPDATE ON activity_user_groups
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER activity_user_groups_delete_catalog AFTER DELETE ON activity_user_groups
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER user_group_members_insert_catalog AFTER INSERT ON user_group_members
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER user_group_members_update_catalog AFTER UPDATE ON user_group_members
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER user_group_members_delete_catalog AFTER DELETE ON user_group_members
BEGIN UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1; END;
