//! The catalog cache (tenants, apps, semesters, stages and each semester's stage tasks,
//! reviewees, review records and additional information held in memory per replica) and the
//! directory cache (how apps see users, users' names and departments) never serve what another
//! writer changed: a clock moved, a stage task changed, a group's members replaced, a rating
//! changed, additional information imported, a user's open_id changed through one replica, or
//! a user renamed in the database, shows on the other replica at its next request.

use std::collections::BTreeSet;
use std::process::Command;

use futures::TryStreamExt;
use openwork_platform::db::Db;
use openwork_sdk::admin::{AdminClient, FixtureFormat};
use openwork_sdk::feishu::{
    AdditionalInfoImport, AdditionalInfoItem, AdditionalInfoQuery, FeishuClient, ReportTaskQuery,
    ReviewDataV1Query, RevieweeQuery, StageTaskQuery,
};
use openwork_sdk::wire::admin::ClockChange;
use openwork_sdk::wire::feishu::performance::UserStageTasks;

use crate::served::{BIN, Served, database};

const ADMIN: &str = "catalog-admin";

fn replica(db: &str) -> Served {
    Served::on(db, Some(ADMIN), &[])
}

/// The generated world's app, on the replica.
fn bench_app(base: &str) -> FeishuClient {
    FeishuClient::new("cli_bench0000000000001", "openwork-bench-secret")
        .with_base_url(base)
        .with_rate_limit_retries(0)
}

/// The generated world's tenant as the admin API exports it, to change and load again.
async fn exported_world(admin: &AdminClient) -> serde_json::Value {
    let exported = admin
        .export_fixture_as(Some("bench"), FixtureFormat::Json)
        .await
        .unwrap();
    serde_json::from_str(&exported).unwrap()
}

/// Grants the generated world's app `performance:semester_activity:write` (group members,
/// additional information), by loading the exported world again through the replica's admin
/// API.
async fn grant_activity_writes(base: &str) {
    let admin = AdminClient::new(base, ADMIN);
    let mut world = exported_world(&admin).await;
    let scopes = world["tenants"][0]["apps"][0]["scopes"]
        .as_array_mut()
        .expect("the bench app's scopes");
    scopes.push("performance:semester_activity:write".into());
    admin.load_fixture(&world.to_string()).await.unwrap();
}

/// Every user with its stage tasks on the replica, walking all pages, users named as
/// `user_id_type` names them.
async fn every_page(base: &str, user_id_type: &str) -> Vec<UserStageTasks> {
    bench_app(base)
        .stage_tasks(
            StageTaskQuery::semester("7400000000000000001")
                .page_size(50)
                .user_id_type(user_id_type),
        )
        .try_collect()
        .await
        .unwrap()
}

/// Every stage-task status on the replica.
async fn statuses(base: &str) -> BTreeSet<String> {
    every_page(base, "open_id")
        .await
        .into_iter()
        .flat_map(|user| user.stage_task_info_lists)
        .map(|task| task.stage_task_status)
        .collect()
}

/// Two replicas sharing a new database that holds a generated world of 30 users in 5 stages
/// and `reports` reports, and the database's URL. Two processes share a SQLite file only
/// through SQLite's shared-memory VFS, which the URL names (openwork keeps a file to itself
/// otherwise; docs/semantics.md).
async fn two_replicas(
    label: &str,
    postgres: bool,
    reports: usize,
) -> Option<(Served, Served, String)> {
    let db = database(label, postgres).await?;
    let db = if postgres {
        db
    } else {
        format!("{db}?vfs=unix")
    };
    let generated = Command::new(BIN)
        .args(["generate", "--db", &db, "--users", "30", "--stages", "5"])
        .args(["--reports", &reports.to_string(), "--workspace-tasks", "0"])
        .output()
        .unwrap();
    assert!(generated.status.success());
    Some((replica(&db), replica(&db), db))
}

async fn a_clock_moved_on_one_replica_shows_on_the_other(label: &str, postgres: bool) {
    let Some((first, second, _)) = two_replicas(label, postgres, 0).await else {
        return;
    };
    let before = statuses(&second.base).await;
    assert!(before.contains("need_todo"), "{before:?}");
    // A year on, every unfinished stage that is not paused is past its deadline.
    AdminClient::new(&first.base, ADMIN)
        .change_clock(
            "bench",
            &ClockChange {
                advance_seconds: Some(365 * 86_400),
                ..ClockChange::default()
            },
        )
        .await
        .unwrap();
    let after = statuses(&second.base).await;
    assert_eq!(
        after.into_iter().collect::<Vec<_>>(),
        ["all_done", "overdue", "stage_pause"],
        "the other replica answers with the moved clock"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// Every stage task on the replica as (user, stage, need_todo, finished), users by `user_id`.
async fn stage_tasks(base: &str) -> BTreeSet<(String, String, i64, i64)> {
    every_page(base, "user_id")
        .await
        .into_iter()
        .flat_map(|user| {
            user.stage_task_info_lists.into_iter().map(move |task| {
                let user_id = user.user_id.clone();
                (
                    user_id,
                    task.stage_id,
                    task.need_todo_count,
                    task.finished_count,
                )
            })
        })
        .collect()
}

async fn a_stage_task_changed_on_one_replica_shows_on_the_other(label: &str, postgres: bool) {
    let Some((first, second, _)) = two_replicas(label, postgres, 0).await else {
        return;
    };
    let before = stage_tasks(&second.base).await;
    let (user, stage, _, _) = before.first().expect("the world has stage tasks").clone();
    let answer = reqwest::Client::new()
        .patch(format!(
            "{}/_openwork/v1/tenants/bench/stages/{stage}/tasks/{user}",
            first.base
        ))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({ "need_todo": 9, "finished": 4 }))
        .send()
        .await
        .unwrap();
    assert!(
        answer.status().is_success(),
        "{}",
        answer.text().await.unwrap()
    );
    let after = stage_tasks(&second.base).await;
    let changed: Vec<_> = after.difference(&before).collect();
    assert_eq!(
        changed,
        [&(user, stage, 9, 4)],
        "the other replica answers with the changed task, and only it changed"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// The reviewees of the generated world's semester on the replica, by `user_id`, walking all
/// pages.
async fn reviewees(base: &str) -> Vec<String> {
    let client = bench_app(base);
    let query = RevieweeQuery::semester("7400000000000000001")
        .page_size(7)
        .user_id_type("user_id");
    let (mut users, mut token) = (Vec::new(), None);
    loop {
        let page = client
            .query_reviewees(&query, token.as_deref())
            .await
            .unwrap();
        users.extend(
            page.reviewees
                .into_iter()
                .map(|r| r.reviewee_user_id.user_id.expect("asked by user_id")),
        );
        if !page.has_more {
            return users;
        }
        token = page.page_token;
    }
}

/// A semester's reviewees are cached per replica for one catalog revision (a page of them comes
/// from memory): a group's members replaced through one replica, by the vendor API, show on the
/// other.
async fn a_group_write_on_one_replica_shows_in_the_others_reviewees(label: &str, postgres: bool) {
    let Some((first, second, _)) = two_replicas(label, postgres, 0).await else {
        return;
    };
    grant_activity_writes(&first.base).await;
    let before = reviewees(&second.base).await;
    assert_eq!(before.len(), 30, "every user is reviewed: {before:?}");
    let kept = &before[..3];
    let token = bench_app(&first.base).tenant_access_token().await.unwrap();
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/open-apis/performance/v2/user_group_user_rels/write\
             ?user_id_type=user_id&client_token=freshness",
            first.base
        ))
        .bearer_auth(token)
        .json(&serde_json::json!({ "group_id": "bench-everyone", "user_ids": kept }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["code"], 0, "{answer}");
    assert_eq!(
        reviewees(&second.base).await,
        kept,
        "the other replica reviews the group's new members only"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// The rating options of a reviewee's results (review data v1) on the replica, in order.
async fn rated_options(base: &str, reviewee: &str) -> Vec<String> {
    let query =
        ReviewDataV1Query::semesters(&["7400000000000000001"], &[reviewee]).user_id_type("user_id");
    let data = bench_app(base).query_review_datas_v1(&query).await.unwrap();
    data.datas
        .into_iter()
        .flat_map(|profile| profile.stages)
        .flat_map(|stage| stage.data)
        .filter_map(|detail| detail.option_id)
        .collect()
}

/// A semester's review records are cached per replica for one catalog revision (a reviewee's
/// results come from memory): a rating changed through one replica, by a fixture load, shows on
/// the other.
async fn a_rating_changed_on_one_replica_shows_in_the_others_results(label: &str, postgres: bool) {
    let Some((first, second, _)) = two_replicas(label, postgres, 0).await else {
        return;
    };
    let admin = AdminClient::new(&first.base, ADMIN);
    let mut world = exported_world(&admin).await;
    let tenant = &mut world["tenants"][0];
    let options: Vec<String> = tenant["indicators"][0]["options"]
        .as_array()
        .expect("the generated world's indicator")
        .iter()
        .map(|o| o["option_id"].as_str().unwrap().to_owned())
        .collect();
    let record = &mut tenant["semesters"][0]["results"][0];
    let reviewee = record["reviewee"].as_str().unwrap().to_owned();
    let before = rated_options(&second.base, &reviewee).await;
    assert_eq!(before.len(), 1, "one rating per reviewee: {before:?}");
    let other = options.iter().find(|o| **o != before[0]).unwrap();
    record["values"][0]["option_id"] = other.as_str().into();
    admin.load_fixture(&world.to_string()).await.unwrap();
    assert_eq!(
        rated_options(&second.base, &reviewee).await,
        std::slice::from_ref(other),
        "the other replica answers with the new rating"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// The external IDs of a reviewee's additional information on the replica.
async fn additional_infos_of(base: &str, reviewee: &str) -> Vec<String> {
    let query = AdditionalInfoQuery::semester("7400000000000000001")
        .reviewees(&[reviewee])
        .user_id_type("user_id");
    let page = bench_app(base)
        .query_additional_infos(&query, None)
        .await
        .unwrap();
    page.additional_informations
        .into_iter()
        .filter_map(|item| item.external_id)
        .collect()
}

/// A semester's additional information is cached per replica for one catalog revision (a page
/// of it comes from memory): an import through one replica, by the vendor API, shows on the
/// other.
async fn an_import_on_one_replica_shows_in_the_others_additional_information(
    label: &str,
    postgres: bool,
) {
    let Some((first, second, _)) = two_replicas(label, postgres, 0).await else {
        return;
    };
    grant_activity_writes(&first.base).await;
    let reviewee = reviewees(&second.base).await.remove(0);
    let before = additional_infos_of(&second.base, &reviewee).await;
    assert!(!before.contains(&"freshness".to_owned()), "{before:?}");
    let item = AdditionalInfoItem::new(&reviewee, "award", "2026", "imported on the first")
        .external_id("freshness");
    let import = AdditionalInfoImport::new("7400000000000000001", "freshness", [item])
        .user_id_type("user_id");
    bench_app(&first.base)
        .import_additional_infos(&import)
        .await
        .unwrap();
    let after = additional_infos_of(&second.base, &reviewee).await;
    assert!(
        after.contains(&"freshness".to_owned()),
        "the other replica shows the imported item: {after:?}"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// How an app sees users is cached per replica for one directory revision (a page's open_ids
/// come from memory): a user's open_id changed through one replica, by a fixture that pins
/// another, shows on the other.
async fn a_user_identity_changed_on_one_replica_shows_on_the_other(label: &str, postgres: bool) {
    let Some((first, second, _)) = two_replicas(label, postgres, 0).await else {
        return;
    };
    let open_ids = |users: Vec<UserStageTasks>| -> BTreeSet<String> {
        users.into_iter().map(|user| user.user_id).collect()
    };
    let before = open_ids(every_page(&second.base, "open_id").await);
    let admin = AdminClient::new(&first.base, ADMIN);
    let mut world = exported_world(&admin).await;
    let pinned = &mut world["tenants"][0]["users"][0]["open_ids"]["cli_bench0000000000001"];
    let old = pinned
        .as_str()
        .expect("an export pins every open_id")
        .to_owned();
    let new = "ou_0123456789abcdef0123456789abcdef".to_owned();
    *pinned = new.clone().into();
    admin.load_fixture(&world.to_string()).await.unwrap();
    let after = open_ids(every_page(&second.base, "open_id").await);
    assert_eq!(
        after.symmetric_difference(&before).collect::<BTreeSet<_>>(),
        BTreeSet::from([&old, &new]),
        "the other replica names the user by the new open_id, and only it changed"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// The newest reports' senders and their departments, as the replica names them.
async fn report_senders(base: &str) -> Vec<(String, String)> {
    // The generated world's reports were committed in the 90 days before its "now",
    // 2024-06-15T10:00:00+08:00.
    let now = 1_718_416_800;
    let page = bench_app(base)
        .query_report_tasks(
            &ReportTaskQuery::committed_between(now - 90 * 86_400, now).user_id_type("user_id"),
            "",
        )
        .await
        .unwrap();
    page.items
        .into_iter()
        .map(|report| (report.from_user_name, report.department_name))
        .collect()
}

/// Names and departments that pages show are cached per replica for one directory revision
/// too: a user renamed and a department renamed by another writer (a statement on the
/// database, which touches neither identities nor the catalog) show on a replica that had
/// shown them before.
async fn a_renamed_user_and_department_show_on_every_replica(label: &str, postgres: bool) {
    let Some((first, second, db)) = two_replicas(label, postgres, 40).await else {
        return;
    };
    let before = report_senders(&second.base).await;
    assert!(!before.is_empty(), "the world has reports in the window");
    let writer = Db::connect(&db).await.unwrap();
    for rename in [
        "UPDATE users SET name = 'Renamed Sender' WHERE tenant_key = 'bench' AND user_id = \
         (SELECT from_user_id FROM reports WHERE tenant_key = 'bench' \
          ORDER BY commit_ms DESC, task_id DESC LIMIT 1)",
        "UPDATE departments SET name = 'Renamed Department' WHERE tenant_key = 'bench'",
    ] {
        sqlx::query(rename).execute(writer.pool()).await.unwrap();
    }
    writer.close().await;
    let after = report_senders(&second.base).await;
    assert_eq!(after[0].0, "Renamed Sender", "{after:?}");
    assert!(
        after
            .iter()
            .all(|(_, department)| department == "Renamed Department"),
        "{after:?}"
    );
    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

#[tokio::test]
async fn a_renamed_user_and_department_show_on_every_replica_on_sqlite() {
    a_renamed_user_and_department_show_on_every_replica("people", false).await;
}

#[tokio::test]
async fn a_renamed_user_and_department_show_on_every_replica_on_postgres() {
    a_renamed_user_and_department_show_on_every_replica("people", true).await;
}

#[tokio::test]
async fn a_group_write_on_one_replica_shows_in_the_others_reviewees_on_sqlite() {
    a_group_write_on_one_replica_shows_in_the_others_reviewees("groups", false).await;
}

#[tokio::test]
async fn a_group_write_on_one_replica_shows_in_the_others_reviewees_on_postgres() {
    a_group_write_on_one_replica_shows_in_the_others_reviewees("groups", true).await;
}

#[tokio::test]
async fn an_import_on_one_replica_shows_in_the_others_additional_information_on_sqlite() {
    an_import_on_one_replica_shows_in_the_others_additional_information("infos", false).await;
}

#[tokio::test]
async fn an_import_on_one_replica_shows_in_the_others_additional_information_on_postgres() {
    an_import_on_one_replica_shows_in_the_others_additional_information("infos", true).await;
}

#[tokio::test]
async fn a_rating_changed_on_one_replica_shows_in_the_others_results_on_sqlite() {
    a_rating_changed_on_one_replica_shows_in_the_others_results("ratings", false).await;
}

#[tokio::test]
async fn a_rating_changed_on_one_replica_shows_in_the_others_results_on_postgres() {
    a_rating_changed_on_one_replica_shows_in_the_others_results("ratings", true).await;
}

#[tokio::test]
async fn a_user_identity_changed_on_one_replica_shows_on_the_other_on_sqlite() {
    a_user_identity_changed_on_one_replica_shows_on_the_other("identities", false).await;
}

#[tokio::test]
async fn a_user_identity_changed_on_one_replica_shows_on_the_other_on_postgres() {
    a_user_identity_changed_on_one_replica_shows_on_the_other("identities", true).await;
}

#[tokio::test]
async fn a_stage_task_changed_on_one_replica_shows_on_the_other_on_sqlite() {
    a_stage_task_changed_on_one_replica_shows_on_the_other("tasks", false).await;
}

#[tokio::test]
async fn a_stage_task_changed_on_one_replica_shows_on_the_other_on_postgres() {
    a_stage_task_changed_on_one_replica_shows_on_the_other("tasks", true).await;
}

#[tokio::test]
async fn a_clock_moved_on_one_replica_shows_on_the_other_on_sqlite() {
    a_clock_moved_on_one_replica_shows_on_the_other("catalog", false).await;
}

#[tokio::test]
async fn a_clock_moved_on_one_replica_shows_on_the_other_on_postgres() {
    a_clock_moved_on_one_replica_shows_on_the_other("catalog", true).await;
}

/// Replicas started at the same moment on one empty PostgreSQL database all find it empty and
/// all load the demo world; the first to commit wins and the others start on its world.
#[tokio::test]
async fn replicas_started_together_on_an_empty_database_all_start() {
    let Some(db) = database("together", true).await else {
        return;
    };
    let starting: Vec<_> = (0..3)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || replica(&db))
        })
        .collect();
    for replica in starting {
        let served = replica.join().expect("every replica starts");
        let health = AdminClient::new(&served.base, ADMIN)
            .health()
            .await
            .unwrap();
        assert_eq!(health.status, "ok");
        assert!(served.terminate().success());
    }
}
