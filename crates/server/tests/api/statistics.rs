//! PostgreSQL plans the first reads after a large load or import with statistics of what was
//! written: both run `ANALYZE` on the tables they filled (autovacuum may be off or a minute
//! late).

use std::time::Duration;

use openwork_server::{Config, RateLimits, Services};
use serde_json::{Value, json};

use crate::support::{ADMIN_TOKEN, TestServer, postgres_url};

/// The tables of the database at `url` that have statistics: pg_stats holds a table's column
/// statistics (and its expression indexes') once it was analyzed, and only then.
async fn analyzed_tables(url: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .unwrap();
    sqlx::query_scalar(
        "SELECT DISTINCT s.tablename::text FROM pg_stats s \
         JOIN pg_tables t ON t.schemaname = s.schemaname AND t.tablename = s.tablename \
         WHERE s.schemaname = current_schema() ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_large_load_on_postgres_leaves_the_tables_it_filled_analyzed() {
    let Some(url) = postgres_url("analyze_after_load").await else {
        return;
    };
    let services = Services::open(&url).await.unwrap();
    let users: String = (0..1_500)
        .map(|i| format!("      - {{ user_id: u{i}, name: U{i}, mobile: \"+86{i:011}\" }}\n"))
        .collect();
    let fixture = format!(
        "version: 1\ntenants:\n  - tenant_key: big\n    apps: [{{ app_id: cli_big, app_secret: s }}]\n    users:\n{users}"
    );
    services.load_fixture(&fixture).await.unwrap();
    assert_eq!(
        analyzed_tables(&url).await,
        ["user_identities", "users"],
        "the tables of 1,500 rows, not the small ones"
    );
}

#[tokio::test]
async fn a_large_import_on_postgres_leaves_the_tables_it_filled_analyzed() {
    let Some(url) = postgres_url("analyze_after_import").await else {
        return;
    };
    let fixture =
        std::env::temp_dir().join(format!("openwork-analyze-{}.yaml", std::process::id()));
    std::fs::write(
        &fixture,
        "version: 1\ntenants:\n  - tenant_key: acme\n    apps: [{ app_id: cli_hr, app_secret: hr, scopes: [contact:contact] }]\n    departments: [{ department_id: eng, name: Engineering }]\n",
    )
    .unwrap();
    let config = Config {
        listen: "127.0.0.1:0".into(),
        db: url.clone(),
        fixture: Some(fixture),
        admin_token: Some(ADMIN_TOKEN.into()),
        rate_limits: RateLimits::Off,
        ..Config::default()
    };
    let server = TestServer::with_config(&config, Default::default()).await;
    assert_eq!(
        analyzed_tables(&url).await,
        Vec::<String>::new(),
        "a small load"
    );
    let token = server.token("cli_hr", "hr").await;
    let users: Vec<Value> = (0..1_000)
        .map(|i| json!({"name": format!("U{i}"), "mobile": format!("+8613{i:09}"), "departments": ["eng"]}))
        .collect();
    let submitted = server
        .post(
            "/open-apis/contact/v2/user/batch_add",
            &token,
            json!({"users": users}),
        )
        .await;
    let task_id = submitted.data()["task_id"].as_str().unwrap().to_owned();
    for _ in 0..300 {
        let task = server
            .get(
                &format!("/open-apis/contact/v2/task/get?task_id={task_id}"),
                &token,
            )
            .await;
        if task.data()["status"] == 9 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The job's last chunk is reported once committed; its analysis follows at once.
    let mut analyzed = Vec::new();
    for _ in 0..50 {
        analyzed = analyzed_tables(&url).await;
        if !analyzed.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        analyzed,
        [
            "contact_job_results",
            "departments",
            "user_identities",
            "users"
        ],
        "the directory's tables and the job's results (the outbox, with no subscriber, is empty)"
    );
}
