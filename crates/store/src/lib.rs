//! The services' storage ports (`openwork_core::store`) implemented for SQLite and PostgreSQL,
//! over the platform's database (`openwork_platform::db`).

mod jobs;
mod performance;
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
pub static SCHEMAS: [&Schema; 4] = [
    &performance::SCHEMA,
    &reports::SCHEMA,
    &jobs::SCHEMA,
    &workspace::SCHEMA,
];

/// Every table's declaration, checked with `openwork_platform::db::check_table`.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    use openwork_platform::db::check_table;
    check_table::<performance::Settings>(db).await?;
    check_table::<performance::Semesters>(db).await?;
    check_table::<performance::Stages>(db).await?;
    check_table::<performance::StageTasks>(db).await?;
    check_table::<performance::ReviewTemplates>(db).await?;
    check_table::<performance::StageTemplates>(db).await?;
    check_table::<performance::ReviewUnits>(db).await?;
    check_table::<performance::ReviewFields>(db).await?;
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
