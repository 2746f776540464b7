//! The report service over a real database: what a caller sees when its tenant vanishes.

use openwork_platform::db::testing::{access_of_deleted_tenant, assert_tenant_gone, sqlite_memory};
use openwork_report::{Error, ReportService};

/// A caller whose tenant was deleted after its token was checked is refused as `TenantGone`
/// (which every front end answers as an invalid token), not as a tenant without reports.
#[tokio::test]
async fn a_caller_whose_tenant_was_deleted_mid_call_is_tenant_gone() {
    let db = sqlite_memory(&[&openwork_report::SCHEMA]).await;
    let (platform, access) = access_of_deleted_tenant(&db).await;
    let report = ReportService::new(platform, db);
    let refused = match report.admit(access, None).await {
        Err(Error::Common(refused)) => refused,
        Err(other) => panic!("not the platform's error: {other:?}"),
        Ok(_) => panic!("admitted"),
    };
    assert_tenant_gone(&refused);
}
