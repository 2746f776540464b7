//! The services' storage ports (`openwork_core::store`) implemented for SQLite and PostgreSQL,
//! over the platform's database (`openwork_platform::db`).

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
pub static SCHEMAS: [&Schema; 1] = [&workspace::SCHEMA];

/// Every table's declaration, checked with `openwork_platform::db::check_table`.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    use openwork_platform::db::check_table;
    check_table::<workspace::Tasks>(db).await?;
    Ok(())
}
