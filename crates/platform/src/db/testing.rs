//! For conformance tests: the databases every storage scenario runs against — SQLite in memory,
//! SQLite in a file, and PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a
//! failure when `CI=true`) — each migrated with the given schemas. [`conformance!`] writes the
//! three tests of each scenario.
//!
//! [`conformance!`]: crate::conformance

use super::{Db, Schema, Unwatched};
use crate::clock::Millis;
use crate::error::StoreResult;
use crate::fixture::directory::{self, DirectoryDoc};

/// The platform's schema and then `schemas`.
async fn migrated(db: Db, schemas: &[&Schema]) -> Db {
    let all: Vec<&Schema> = std::iter::once(&crate::store::SCHEMA)
        .chain(schemas.iter().copied())
        .collect();
    db.migrate(&all).await.expect("migrations apply");
    db
}

pub async fn sqlite_memory(schemas: &[&Schema]) -> Db {
    let db = Db::connect("sqlite::memory:").await.expect("sqlite");
    migrated(db, schemas).await
}

/// A new SQLite file named after the test.
pub async fn sqlite_file(label: &str, schemas: &[&Schema]) -> Db {
    let dir = std::env::temp_dir().join(format!(
        "openwork-conformance-{}-{label}-{}",
        std::process::id(),
        &crate::ids::random_hex32()[..8]
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("test.db");
    let db = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("sqlite file");
    migrated(db, schemas).await
}

/// A new schema of the PostgreSQL database at `TEST_DATABASE_URL`, or `None` (with a message)
/// when there is none outside CI.
pub async fn postgres(label: &str, schemas: &[&Schema]) -> Option<Db> {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true requires TEST_DATABASE_URL (PostgreSQL)"
        );
        eprintln!("skipping the PostgreSQL variant of {label}: TEST_DATABASE_URL is not set");
        return None;
    };
    let url = super::isolated_postgres_url(&base, label)
        .await
        .expect("create a test schema");
    let db = Db::connect(&url).await.expect("postgres");
    Some(migrated(db, schemas).await)
}

/// When the scenarios' tenants were written.
pub const NOW: Millis = Millis(1_717_207_200_000);

/// Writes a tenant's directory (a fixture tenant's platform keys, in YAML) in place of the
/// tenant, as a fixture load does.
pub async fn write_directory(db: &Db, yaml: &str) -> StoreResult<()> {
    let doc: DirectoryDoc = crate::fixture::deserialize(yaml).expect("a valid directory");
    let (directory, _) = directory::build(0, doc, NOW).expect("a valid directory");
    let mut write = db.begin_write().await?;
    crate::store::write_tenant(&mut write.tx, &directory, &Unwatched).await?;
    write.commit().await
}

/// A tenant with one app (with a DingTalk identity) and the given users, as YAML for
/// [`write_directory`].
pub fn directory_yaml(tenant: &str, app: &str, users: &[&str]) -> String {
    let users: Vec<String> = users
        .iter()
        .map(|u| format!("  - {{ user_id: {u}, name: {u}, mobile: \"+86{u}\" }}"))
        .collect();
    format!(
        "tenant_key: {tenant}\ndingtalk_corp_id: corp-{tenant}\nclock: 1000\napps:\n  - {{ app_id: {app}, app_secret: s, scopes: [a:b], dingtalk: {{ app_key: key-{app}, app_secret: ds }} }}\nusers:\n{}\n",
        users.join("\n"),
    )
}

/// A caller whose tenant is deleted right after its token was checked, as when an admin deletes
/// the tenant while a request is on its way: tenant `gone`, app `cli_gone` with scope `a:b` and
/// user `u1`. Answers the platform over `db` and the caller's checked access.
pub async fn access_of_deleted_tenant(db: &Db) -> (crate::Platform, crate::access::Access) {
    write_directory(db, &directory_yaml("gone", "cli_gone", &["u1"]))
        .await
        .expect("the tenant is written");
    let platform = crate::Platform::open(db).await.expect("the platform opens");
    let issued = platform
        .issue_tenant_token("cli_gone", "s")
        .await
        .expect("a token");
    let access = platform
        .authenticate(&issued.token)
        .await
        .expect("a valid token")
        .authorize(&["a:b"])
        .expect("the scope");
    platform
        .delete_tenant(&"gone".into())
        .await
        .expect("the tenant is deleted");
    (platform, access)
}

/// Fails unless `err` is what a caller of [`access_of_deleted_tenant`] must get.
pub fn assert_tenant_gone(err: &crate::Error) {
    assert!(
        matches!(
            err,
            crate::Error::TenantGone {
                presented: crate::TokenKind::Tenant
            }
        ),
        "not TenantGone: {err:?}"
    );
}

/// Writes, for each scenario `async fn scenario(stores: S)`, one test per database: `setup`
/// (`async fn(Db) -> S`) turns the migrated database into what the scenarios take, and
/// `schemas` are the services' schemas to migrate after the platform's.
#[macro_export]
macro_rules! conformance {
    (setup: $setup:path, schemas: $schemas:expr, scenarios: [$($scenario:ident),* $(,)?]) => {
        mod sqlite_memory {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let db = $crate::db::testing::sqlite_memory($schemas).await;
                    super::$scenario($setup(db).await).await
                }
            )*
        }
        mod sqlite_file {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let db =
                        $crate::db::testing::sqlite_file(stringify!($scenario), $schemas).await;
                    super::$scenario($setup(db).await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let label = stringify!($scenario);
                    if let Some(db) = $crate::db::testing::postgres(label, $schemas).await {
                        super::$scenario($setup(db).await).await
                    }
                }
            )*
        }
    };
}
