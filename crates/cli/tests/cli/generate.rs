//! `openwork generate`: the same seed writes the same world, into SQLite and PostgreSQL, and a
//! server started on it serves it.

use std::process::Command;

use futures::TryStreamExt;
use openwork_sdk::dingtalk::DingTalkClient;
use openwork_sdk::feishu::{FeishuClient, StageTaskQuery};
use openwork_sdk::wire::feishu::performance::UserStageTasks;

use crate::served::{BIN, Served, database};

const USERS: usize = 120;
const STAGES: usize = 5;

/// Runs `openwork generate` into `db`; answers its stdout and stderr.
fn generate(db: &str, seed: u64) -> (String, String) {
    let output = Command::new(BIN)
        .args(["generate", "--db", db, "--seed", &seed.to_string()])
        .args([
            "--users",
            &USERS.to_string(),
            "--stages",
            &STAGES.to_string(),
        ])
        .args(["--reports", "40", "--workspace-tasks", "10"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}

/// Every user's stage tasks, walking every page of 7 as the benchmark app.
async fn stage_tasks(base: &str) -> Vec<UserStageTasks> {
    let client = FeishuClient::new("cli_bench0000000000001", "openwork-bench-secret")
        .with_base_url(base)
        .with_rate_limit_retries(0);
    client
        .stage_tasks(StageTaskQuery::semester("7400000000000000001").page_size(7))
        .try_collect()
        .await
        .unwrap()
}

fn serve(db: &str) -> Served {
    Served::on(db, None, &[])
}

async fn the_same_seed_writes_the_same_world(label: &str, postgres: bool) {
    let (Some(first), Some(again), Some(other)) = (
        database(&format!("{label}-first"), postgres).await,
        database(&format!("{label}-again"), postgres).await,
        database(&format!("{label}-other"), postgres).await,
    ) else {
        return;
    };
    let (stdout, stderr) = generate(&first, 42);
    assert!(
        stdout.contains(&format!(
            "{USERS} users, {} stage tasks in {STAGES} stages, 40 reports, 10 workspace tasks",
            USERS * STAGES
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("app_secret openwork-bench-secret"),
        "{stdout}"
    );
    // Not a terminal: one progress line per large table.
    assert!(
        stderr.contains(&format!("stage_tasks: {} rows written", USERS * STAGES)),
        "{stderr}"
    );
    generate(&again, 42);
    generate(&other, 43);
    // Generating again replaces the tenant rather than adding to it.
    generate(&other, 43);

    let server = serve(&first);
    let walked = stage_tasks(&server.base).await;
    assert_eq!(walked.len(), USERS);
    assert!(
        walked
            .iter()
            .all(|u| u.stage_task_info_lists.len() == STAGES)
    );
    let statuses: std::collections::BTreeSet<String> = walked
        .iter()
        .flat_map(|u| {
            u.stage_task_info_lists
                .iter()
                .map(|t| t.stage_task_status.clone())
        })
        .collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        ["all_done", "need_todo", "overdue", "stage_pause"]
    );
    let dingtalk = DingTalkClient::new("dingbench000000001", "openwork-bench-dingtalk-secret")
        .with_base_url(&server.base);
    let task = dingtalk
        .task_by_source(Some("bench"), "bench-9")
        .await
        .unwrap();
    assert_eq!(task.subject, "基准任务 9");
    assert!(server.terminate().success());

    let server = serve(&again);
    assert_eq!(
        stage_tasks(&server.base).await,
        walked,
        "same seed, same world"
    );
    assert!(server.terminate().success());
    let server = serve(&other);
    let different = stage_tasks(&server.base).await;
    assert_eq!(different.len(), USERS, "regenerating replaced the tenant");
    assert_ne!(different, walked, "another seed, another world");
    assert!(server.terminate().success());
}

#[tokio::test]
async fn the_same_seed_writes_the_same_world_to_sqlite() {
    the_same_seed_writes_the_same_world("generate", false).await;
}

#[tokio::test]
async fn the_same_seed_writes_the_same_world_to_postgres() {
    the_same_seed_writes_the_same_world("generate", true).await;
}
