//! The composition root: the platform and every service, bound to one migrated database.

use openwork_contact::ContactService;
use openwork_performance::PerformanceService;
use openwork_platform::Platform;
use openwork_platform::db::{Db, Schema};
use openwork_report::ReportService;
use openwork_workspace::WorkspaceService;

use crate::StartError;

/// Every component's schema, in the order their migrations run: the platform's first (the
/// services' tables refer to its tenants).
pub static SCHEMAS: [&Schema; 5] = [
    &openwork_platform::store::SCHEMA,
    &openwork_performance::SCHEMA,
    &openwork_report::SCHEMA,
    &openwork_contact::SCHEMA,
    &openwork_workspace::SCHEMA,
];

/// Everything openwork serves, over one database. Whole tenants (fixtures, generated worlds)
/// are loaded and summarised through it too (`crate::world`).
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub platform: Platform,
    pub performance: PerformanceService,
    pub report: ReportService,
    pub contact: ContactService,
    pub workspace: WorkspaceService,
}

impl Services {
    /// Connects to the database at `url` and migrates it (a database of openwork 0.1 is carried
    /// over), then binds the platform and every service to it.
    pub async fn open(url: &str) -> Result<Self, StartError> {
        let database_error = |source| StartError::Database {
            url: url.to_owned(),
            source,
        };
        let db = Db::connect(url).await.map_err(database_error)?;
        db.migrate(&SCHEMAS).await.map_err(database_error)?;
        let platform = Platform::open(&db).await?;
        Ok(Self {
            performance: PerformanceService::new(platform.clone(), db.clone()),
            report: ReportService::new(platform.clone(), db.clone()),
            contact: ContactService::new(platform.clone(), db.clone()),
            workspace: WorkspaceService::new(platform.clone(), db.clone()),
            db,
            platform,
        })
    }
}
