//! Replicas of one PostgreSQL database count an app's calls together: between them they allow
//! exactly the vendor's limit, as the vendor's one gateway would, so that a client's back-off
//! is exercised whatever the number of replicas.

use openwork_sdk::feishu::FeishuClient;
use openwork_sdk::wire::feishu::performance::SemesterListQuery;

use crate::served::{Served, database};

const ADMIN: &str = "rate-admin";
const SEMESTER_LIST_PER_MINUTE: usize = 10;

fn replica(db: &str) -> Served {
    // Rate limits are the vendor's unless turned off.
    Served::start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--db",
            db,
            "--admin-token",
            ADMIN,
        ],
        &[],
    )
}

#[tokio::test]
async fn two_replicas_allow_an_app_the_vendors_limit_between_them() {
    let Some(db) = database("ratelimits", true).await else {
        return;
    };
    let replicas = [replica(&db), replica(&db)];
    // One app, a client on each replica; a refused call is not retried.
    let clients: Vec<FeishuClient> = replicas
        .iter()
        .map(|replica| {
            FeishuClient::new("cli_de30c0de00000001", "openwork-demo-secret")
                .with_base_url(&replica.base)
                .with_rate_limit_retries(0)
        })
        .collect();
    let mut codes = Vec::new();
    for call in 0..3 * SEMESTER_LIST_PER_MINUTE {
        let answer = clients[call % 2]
            .list_semesters(&SemesterListQuery::default())
            .await;
        codes.push(answer.map_or_else(|err| err.feishu_code().unwrap(), |_| 0));
    }
    let allowed = codes.iter().filter(|&&code| code == 0).count();
    let limited = codes.iter().filter(|&&code| code == 99991400).count();
    assert_eq!(
        (allowed, limited),
        (SEMESTER_LIST_PER_MINUTE, 2 * SEMESTER_LIST_PER_MINUTE),
        "{codes:?}"
    );
    // The first calls were the allowed ones, whichever replica took them.
    assert!(
        codes[..SEMESTER_LIST_PER_MINUTE]
            .iter()
            .all(|&code| code == 0)
    );
    for replica in replicas {
        assert!(replica.terminate().success());
    }
}
