//! Replicas of one PostgreSQL database count an app's calls together: between them they allow
//! exactly the vendor's limit, as the vendor's one gateway would, so that a client's back-off
//! is exercised whatever the number of replicas.

use serde_json::{Value, json};

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
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!(
            "{}/open-apis/auth/v3/tenant_access_token/internal",
            replicas[0].base
        ))
        .json(&json!({"app_id": "cli_de30c0de00000001", "app_secret": "openwork-demo-secret"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["tenant_access_token"].as_str().unwrap();

    let mut codes = Vec::new();
    for call in 0..3 * SEMESTER_LIST_PER_MINUTE {
        let base = &replicas[call % 2].base;
        let answer: Value = http
            .get(format!("{base}/open-apis/performance/v1/semesters"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        codes.push(answer["code"].as_i64().unwrap());
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
