//! The services' storage ports (`openwork_core::store`) implemented for SQLite and PostgreSQL,
//! over the platform's database (`openwork_platform::db`).

mod jobs;
mod reports;
mod workspace;
mod world;

use openwork_platform::db::{Db, Schema};
use openwork_platform::error::StoreResult;

/// The services' tables in a database.
#[derive(Clone)]
pub struct SqlStore {
    db: Db,
}

impl SqlStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// The services' schemas, in the order their migrations run (after the platform's).
pub static SCHEMAS: [&Schema; 3] = [&reports::SCHEMA, &jobs::SCHEMA, &workspace::SCHEMA];

/// Every table's declaration, checked with `openwork_platform::db::check_table`.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    use openwork_platform::db::check_table;
    check_table::<reports::Settings>(db).await?;
    check_table::<reports::Rules>(db).await?;
    check_table::<reports::FormFields>(db).await?;
    check_table::<reports::Reports>(db).await?;
    check_table::<reports::Recipients>(db).await?;
    check_table::<jobs::Jobs>(db).await?;
    check_table::<jobs::JobItems>(db).await?;
    check_table::<jobs::JobResults>(db).await?;
    check_table::<workspace::Tasks>(db).await?;
    Ok(())
}
