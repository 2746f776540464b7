-- A semester's reviewees become catalog data (PostgreSQL): every replica keeps each
-- semester's activities and reviewees in memory for the catalog revision it read them at, so
-- every write to the tables they follow from moves the revision on, in the writing transaction
-- (see the platform's first migration and crates/performance/src/store/reviewee_index.rs).
-- Activities and their groups are written by fixture loads, the admin API and semester
-- replacements; group members also by `user_group_user_rels/write`, a rare call.
-- (Conventions: the platform's first migration.)

CREATE TRIGGER activities_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER activity_user_groups_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activity_user_groups
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
CREATE TRIGGER user_group_members_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_group_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();
