//! `openwork export`: a running server's world as a fixture, on stdout or in a file; a generated
//! world exported, reset and loaded from its export answers as before and exports again to the
//! very same text (SQLite and PostgreSQL).

use std::process::{Command, Output};

use futures::TryStreamExt;
use openwork_sdk::admin::AdminClient;
use openwork_sdk::dingtalk::DingTalkClient;
use openwork_sdk::feishu::{FeishuClient, StageTaskQuery};
use serde_json::Value;

use crate::served::{BIN, Served, database, temp_dir};

const TOKEN: &str = "tok";

fn openwork(args: &[&str], server: &Served) -> Output {
    Command::new(BIN)
        .args(args)
        .args(["--server", &server.base, "--admin-token", TOKEN])
        .output()
        .unwrap()
}

fn serve(db: &str) -> Served {
    Served::on(db, Some(TOKEN), &[])
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn export_writes_the_world_to_stdout_or_a_file() {
    let dir = temp_dir("export");
    let db = format!("sqlite://{}", dir.join("openwork.db").display());
    // A new database gets the demo world.
    let server = serve(&db);
    let every = stdout(&openwork(&["export"], &server));
    assert!(
        every.starts_with("version: 1\ntenants:\n- tenant_key: demo\n"),
        "{every}"
    );

    let file = dir.join("demo.json");
    let written = openwork(
        &[
            "export",
            "demo",
            "--format",
            "json",
            "--output",
            &file.display().to_string(),
        ],
        &server,
    );
    assert!(stdout(&written).is_empty(), "the fixture goes to the file");
    assert_eq!(
        String::from_utf8_lossy(&written.stderr).trim(),
        "exported 1 tenant:\n  tenant demo: 2 apps, 5 departments, 30 users, 2 semesters, 6 \
         stages, 122 stage tasks, 3 review templates, 3 report rules, 13 reports, 3 workspace \
         tasks"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["tenants"][0]["users"].as_array().unwrap().len(), 30);

    let unknown = openwork(&["export", "nobody"], &server);
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(said.contains("nobody"), "{said}");
    assert!(server.terminate().success());
}

/// What the generated world answers: its summary, every user's stage tasks (pages of 7), and
/// workspace tasks by source.
async fn answers(server: &Served) -> (Value, Vec<Value>, Vec<Value>) {
    let admin = AdminClient::new(&server.base, TOKEN);
    let tenants = serde_json::to_value(admin.tenants().await.unwrap()).unwrap();
    let feishu = FeishuClient::new("cli_bench0000000000001", "openwork-bench-secret")
        .with_base_url(&server.base)
        .with_rate_limit_retries(0);
    let tasks: Vec<_> = feishu
        .stage_tasks(StageTaskQuery::semester("7400000000000000001").page_size(7))
        .try_collect()
        .await
        .unwrap();
    let dingtalk = DingTalkClient::new("dingbench000000001", "openwork-bench-dingtalk-secret")
        .with_base_url(&server.base);
    let mut workspace = Vec::new();
    for i in 0..5 {
        let task = dingtalk
            .task_by_source(Some("bench"), &format!("bench-{i}"))
            .await
            .unwrap();
        workspace.push(serde_json::to_value(task).unwrap());
    }
    let tasks = tasks
        .into_iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    (tenants, tasks, workspace)
}

async fn a_generated_world_round_trips(postgres: bool) {
    let Some(db) = database("export-generated", postgres).await else {
        return;
    };
    let generated = Command::new(BIN)
        .args(["generate", "--db", &db, "--seed", "7", "--users", "60"])
        .args(["--stages", "4", "--reports", "20", "--workspace-tasks", "5"])
        .output()
        .unwrap();
    assert!(generated.status.success(), "{generated:?}");
    let server = serve(&db);
    let before = answers(&server).await;
    assert_eq!(before.1.len(), 60, "every user's tasks were walked");

    let dir = temp_dir("export-generated");
    let first = dir.join("first.yaml");
    let again = dir.join("again.yaml");
    let exported = openwork(
        &["export", "--output", &first.display().to_string()],
        &server,
    );
    assert!(exported.status.success(), "{exported:?}");
    assert!(
        String::from_utf8_lossy(&exported.stderr).contains("tenant bench: 1 app, "),
        "{exported:?}"
    );
    stdout(&openwork(&["reset"], &server));
    let loaded = stdout(&openwork(&["load", &first.display().to_string()], &server));
    assert!(
        loaded.contains(
            "tenant bench: 1 app, 1 department, 60 users, 1 semester, 4 stages, 240 stage tasks"
        ),
        "{loaded}"
    );
    stdout(&openwork(
        &["export", "--output", &again.display().to_string()],
        &server,
    ));
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        std::fs::read_to_string(&first).unwrap(),
        "the reloaded world exports to the same fixture"
    );
    assert_eq!(answers(&server).await, before, "and answers the same");
    assert!(server.terminate().success());
}

#[tokio::test]
async fn a_generated_world_round_trips_on_sqlite() {
    a_generated_world_round_trips(false).await;
}

#[tokio::test]
async fn a_generated_world_round_trips_on_postgres() {
    a_generated_world_round_trips(true).await;
}
