//! The contact service over a real database: what a caller sees when its tenant vanishes.

use openwork_contact::command::UserBatch;
use openwork_contact::{ContactService, Error};
use openwork_platform::db::testing::{access_of_deleted_tenant, assert_tenant_gone, sqlite_memory};
use openwork_wire::feishu::contact::BatchUser;

/// A batch submitted for a tenant deleted after the caller's token was checked is refused as
/// `TenantGone` (which every front end answers as an invalid token), not as a storage failure.
#[tokio::test]
async fn a_batch_for_a_tenant_deleted_mid_call_is_tenant_gone() {
    let db = sqlite_memory(&[&openwork_contact::SCHEMA]).await;
    let (platform, access) = access_of_deleted_tenant(&db).await;
    let contact = ContactService::new(platform, db);
    let user = BatchUser {
        name: Some("New".into()),
        ..BatchUser::default()
    };
    let Error::Common(refused) = contact
        .submit_users(&access, UserBatch(vec![user]))
        .await
        .unwrap_err()
    else {
        panic!("not the platform's error")
    };
    assert_tenant_gone(&refused);
}
