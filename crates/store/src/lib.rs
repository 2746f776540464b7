//! The services' storage ports (`openwork_core::store`) implemented for SQLite and PostgreSQL,
//! over the platform's database (`openwork_platform::db`).

mod world;

use openwork_platform::db::Db;

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
