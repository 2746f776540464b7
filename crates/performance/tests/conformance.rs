//! The performance storage's conformance: every scenario runs against SQLite (in memory and in
//! a file) and PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a failure
//! when `CI=true`).

use std::sync::Arc;

use openwork_performance::fixture::{
    self, IndicatorDoc, MetricDoc, MetricFieldDoc, MetricTagDoc, MetricTemplateDoc,
    PerformanceSettingsDoc, QuestionDoc, ReviewTemplateDoc, Section, SectionDocs, SemesterDoc,
    SemesterParts, UserGroupDoc,
};
use openwork_performance::store::{
    AdditionalInfoFilter, Cached, GroupWrite, MetricFilter, PerformanceCatalog, PerformanceStore,
    SqlPerformanceStore, write_section,
};
use openwork_performance::{
    ActivityId, AdditionalInfo, CompletionFilter, ImportRecord, IndicatorId, ItemId, MetricTagId,
    MetricTemplateId, MetricValue, ReviewRecord, ReviewTemplateId, SemesterId, StageId,
    UserGroupId,
};
use openwork_platform::catalog::{CatalogStore, Snapshot};
use openwork_platform::clock::{Millis, TenantClock};
use openwork_platform::db::{Db, Unwatched};
use openwork_platform::events::{
    Channel, Delivery, DeliveryFilter, DeliveryState, EventStore, SqlEventStore,
};
use openwork_platform::fixture::Instant;
use openwork_platform::fixture::directory::{self, AppDoc, DirectoryDoc, UserDoc};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::store::{SqlPlatformStore, TenantStore, write_tenant};
use serde::Deserialize;

/// The platform's and the performance stores over one database.
struct Stores {
    db: Db,
    platform: SqlPlatformStore,
    performance: SqlPerformanceStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        platform: SqlPlatformStore::new(db.clone()),
        performance: SqlPerformanceStore::new(db.clone()),
        db,
    }
}

/// The snapshot uncached reads are made "as of" (the SQL stores do not look at it).
static AT: std::sync::LazyLock<Snapshot> = std::sync::LazyLock::new(|| Snapshot::new(0));

const NOW: Millis = Millis(1_717_207_200_000);

/// One tenant with its directory and performance keys, in the fixture vocabulary.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tenant {
    tenant_key: String,
    clock: Option<Instant>,
    #[serde(default)]
    apps: Vec<AppDoc>,
    #[serde(default)]
    users: Vec<UserDoc>,
    #[serde(default)]
    performance: PerformanceSettingsDoc,
    #[serde(default)]
    semesters: Vec<SemesterDoc>,
    #[serde(default)]
    review_templates: Vec<ReviewTemplateDoc>,
    #[serde(default)]
    user_groups: Vec<UserGroupDoc>,
    #[serde(default)]
    indicators: Vec<IndicatorDoc>,
    #[serde(default)]
    questions: Vec<QuestionDoc>,
    #[serde(default)]
    metric_tags: Vec<MetricTagDoc>,
    #[serde(default)]
    metric_fields: Vec<MetricFieldDoc>,
    #[serde(default)]
    metrics: Vec<MetricDoc>,
    #[serde(default)]
    metric_templates: Vec<MetricTemplateDoc>,
}

/// Writes a tenant (replacing it) as a fixture load does; answers its performance section.
async fn load(store: &Stores, yaml: &str) -> Section {
    let tenant: Tenant = serde_yaml::from_str(yaml).expect("a valid tenant");
    let (directory, builder) = directory::build(
        0,
        DirectoryDoc {
            tenant_key: tenant.tenant_key,
            name: None,
            dingtalk_corp_id: None,
            clock: tenant.clock,
            apps: tenant.apps,
            departments: Vec::new(),
            users: tenant.users,
        },
        NOW,
    )
    .expect("a valid directory");
    let section = fixture::build(
        &builder,
        SectionDocs {
            settings: &tenant.performance,
            semesters: &tenant.semesters,
            review_templates: &tenant.review_templates,
            user_groups: &tenant.user_groups,
            indicators: &tenant.indicators,
            questions: &tenant.questions,
            metric_tags: &tenant.metric_tags,
            metric_fields: &tenant.metric_fields,
            metrics: &tenant.metrics,
            metric_templates: &tenant.metric_templates,
        },
    )
    .expect("a valid performance section");
    let mut write = store.db.begin_write().await.unwrap();
    write_tenant(&mut write.tx, &directory, &Unwatched)
        .await
        .unwrap();
    write_section(
        &mut write.tx,
        &directory.tenant.tenant_key,
        &section,
        &Unwatched,
    )
    .await
    .unwrap();
    write.commit().await.unwrap();
    section
}

/// Templates with stage templates, units and fields (some with optional names, some without).
const NESTED_TEMPLATES: &str = r#"
tenant_key: t
indicators: [{ indicator_id: "24" }]
review_templates:
  - review_template_id: "2"
    name: { zh_cn: 年度, en_us: Annual }
    templates:
      - { template_id: "21", stage_type: review, review_stage_role: solid_line_leader }
      - { stage_type: calibration }
    units:
      - unit_id: "22"
        fields:
          - { field_id: "23", indicator_id: "24", objective_text_qustion_title: { zh_cn: 目标, en_us: Goal } }
          - { field_id: "25" }
      - { unit_id: "26" }
  - review_template_id: "1"
"#;

/// Settings are stored per tenant and read through the catalog port.
async fn settings_read_back(store: Stores) {
    load(
        &store,
        "tenant_key: t\nperformance: { licensed: false, allow_late_submission: true }\n",
    )
    .await;
    let settings = store
        .performance
        .settings(&AT, &"t".into())
        .await
        .unwrap()
        .expect("settings");
    assert!(!settings.licensed && settings.allow_late_submission);
    assert!(
        store
            .performance
            .settings(&AT, &"nope".into())
            .await
            .unwrap()
            .is_none()
    );
}

/// A cached catalog answers from its snapshot; a snapshot of a later revision reads again.
async fn the_catalog_cache_reads_once_per_revision(store: Stores) {
    load(&store, PERFORMANCE_WORLD).await;
    let cached = Cached(store.performance.clone());
    let tenant = TenantKey::from("p");
    let semester = SemesterId::from("1");
    let at = Snapshot::new(store.platform.revision().await.unwrap());
    let listed = async |at: &Snapshot| {
        let list = cached.semester_list(at, &tenant).await.unwrap();
        list.iter()
            .map(|s| s.semester_id.to_string())
            .collect::<Vec<_>>()
    };
    let first = cached.semester(&at, &tenant, &semester).await.unwrap();
    assert_eq!(listed(&at).await, ["1"]);
    assert!(
        store
            .performance
            .delete_semester(&tenant, &semester)
            .await
            .unwrap()
    );
    let again = cached.semester(&at, &tenant, &semester).await.unwrap();
    assert!(
        first.is_some() && again.is_some(),
        "the same snapshot answers the same"
    );
    assert_eq!(listed(&at).await, ["1"]);
    let now = Snapshot::new(store.platform.revision().await.unwrap());
    assert!(now.revision() > at.revision());
    assert!(
        cached
            .semester(&now, &tenant, &semester)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        listed(&now).await.is_empty(),
        "a later snapshot reads again"
    );
}

/// Each table's declaration names exactly the columns its migrations created.
async fn declarations_match_the_schema(store: Stores) {
    openwork_performance::store::check_tables(&store.db)
        .await
        .unwrap();
}

const PERFORMANCE_WORLD: &str = r#"
tenant_key: p
users:
  - { user_id: b, name: b }
  - { user_id: B, name: B }
  - { user_id: a, name: a }
  - { user_id: _x, name: _x }
  - { user_id: Z1, name: Z1 }
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 10
    stages:
      - stage_id: s1
        deadline: 5
        tasks:
          - { user_id: b, need_todo: 1, finished: 1 }
          - { user_id: B, need_todo: 2, finished: 0 }
          - { user_id: a, need_todo: 1, finished: 1 }
      - stage_id: s2
        deadline: 6
        paused: true
        tasks:
          - { user_id: _x, need_todo: 1, finished: 0 }
          - { user_id: b, need_todo: 1, finished: 0 }
          - { user_id: Z1, need_todo: 0, finished: 0 }
review_templates:
  - { review_template_id: "30", name: { zh_cn: c, en_us: c } }
  - { review_template_id: "10", name: { zh_cn: a, en_us: a } }
  - { review_template_id: "20", name: { zh_cn: b, en_us: b } }
"#;

fn users(ids: &[&str]) -> Vec<UserId> {
    ids.iter().map(|id| UserId::from(*id)).collect()
}

async fn stage_task_selection_in_byte_order(store: Stores) {
    load(&store, PERFORMANCE_WORLD).await;
    let (tenant, semester) = (TenantKey::from("p"), SemesterId::from("1"));
    let tasks = store
        .performance
        .semester_tasks(&AT, &tenant, &semester)
        .await
        .unwrap();
    assert_eq!(tasks.len(), 6);
    let all = [
        (StageId::from("s1"), CompletionFilter::Any),
        (StageId::from("s2"), CompletionFilter::Any),
    ];
    let page = |selection: &[(StageId, CompletionFilter)], after: Option<&str>, limit| {
        let after = after.map(UserId::from);
        tasks
            .page(selection, after.as_ref(), limit)
            .into_iter()
            .map(|user| user.user_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(page(&all, None, 10), users(&["B", "Z1", "_x", "a", "b"]));
    assert_eq!(page(&all, Some("Z1"), 2), users(&["_x", "a"]));
    let complete_s1 = [(StageId::from("s1"), CompletionFilter::Complete)];
    assert_eq!(page(&complete_s1, None, 10), users(&["a", "b"]));
    let incomplete = [
        (StageId::from("s1"), CompletionFilter::Incomplete),
        (StageId::from("s2"), CompletionFilter::Incomplete),
    ];
    assert_eq!(page(&incomplete, None, 10), users(&["B", "_x", "b"]));
    // Each user comes with its selected tasks, as stored, and only those.
    let every = tasks.page(&all, Some(&UserId::from("a")), 1);
    let b_tasks: Vec<(&str, i64, i64)> = every[0]
        .tasks
        .iter()
        .map(|t| {
            (
                tasks.stages()[t.stage()].as_str(),
                t.need_todo(),
                t.finished(),
            )
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(b_tasks, [("s1", 1, 1), ("s2", 1, 0)]);
    let listed = tasks.of_users(&incomplete, &users(&["b", "Z1"]));
    assert_eq!(listed.len(), 1, "Z1's task is complete (0 of 0)");
    assert_eq!(
        (listed[0].user_id.as_str(), listed[0].stage_id.as_str()),
        ("b", "s2")
    );
    let none = store
        .performance
        .semester_tasks(&AT, &tenant, &SemesterId::from("404"))
        .await
        .unwrap();
    assert!(none.is_empty());
}

/// A semester's stage tasks are catalog data: a write to one moves the revision on, and the
/// snapshot of the new revision reads them again.
/// A stage task written outside openwork with counts it never writes (past 99,999, beyond what
/// the index holds) is named when its semester's tasks are read, with what they must be.
async fn stage_task_counts_out_of_range_are_named(store: Stores) {
    load(&store, PERFORMANCE_WORLD).await;
    sqlx::query("UPDATE stage_tasks SET need_todo = 5000000000 WHERE user_id = 'a'")
        .execute(store.db.pool())
        .await
        .unwrap();
    let (tenant, semester) = (TenantKey::from("p"), SemesterId::from("1"));
    let read = store.performance.semester_tasks(&AT, &tenant, &semester);
    let message = read.await.map(|_| ()).unwrap_err().to_string();
    assert!(
        message.contains("user a in semester 1") && message.contains("from 0 to 99999"),
        "{message}"
    );
}

async fn a_stage_task_write_moves_the_catalog_on(store: Stores) {
    load(&store, PERFORMANCE_WORLD).await;
    let cached = Cached(store.performance.clone());
    let (tenant, semester) = (TenantKey::from("p"), SemesterId::from("1"));
    let need_todo = |tasks: &openwork_performance::store::SemesterTasks| {
        tasks.of_users(
            &[(StageId::from("s1"), CompletionFilter::Any)],
            &users(&["a"]),
        )[0]
        .need_todo
    };
    let at = Snapshot::new(store.platform.revision().await.unwrap());
    let before = cached
        .semester_tasks(&at, &tenant, &semester)
        .await
        .unwrap();
    assert_eq!(need_todo(&before), 1);
    let mut task = store
        .performance
        .stage_task(&tenant, &StageId::from("s1"), &UserId::from("a"))
        .await
        .unwrap()
        .expect("a's task");
    task.need_todo = 7;
    store
        .performance
        .put_stage_task(&tenant, &task)
        .await
        .unwrap();
    let same = cached
        .semester_tasks(&at, &tenant, &semester)
        .await
        .unwrap();
    assert_eq!(need_todo(&same), 1, "the same snapshot answers the same");
    let now = Snapshot::new(store.platform.revision().await.unwrap());
    assert!(now.revision() > at.revision());
    let after = cached
        .semester_tasks(&now, &tenant, &semester)
        .await
        .unwrap();
    assert_eq!(need_todo(&after), 7);
}

async fn review_templates_in_id_order(store: Stores) {
    load(&store, PERFORMANCE_WORLD).await;
    let tenant = TenantKey::from("p");
    let ids = |templates: Vec<openwork_performance::ReviewTemplate>| {
        templates
            .into_iter()
            .map(|t| t.review_template_id.0)
            .collect::<Vec<_>>()
    };
    let all = store
        .performance
        .review_templates(&tenant, None, None, 10)
        .await
        .unwrap();
    assert_eq!(ids(all), ["10", "20", "30"]);
    let after = ReviewTemplateId::from("10");
    let rest = store
        .performance
        .review_templates(&tenant, None, Some(&after), 1)
        .await
        .unwrap();
    assert_eq!(ids(rest), ["20"]);
    let wanted = [ReviewTemplateId::from("30"), ReviewTemplateId::from("99")];
    let some = store
        .performance
        .review_templates(&tenant, Some(&wanted), None, 10)
        .await
        .unwrap();
    assert_eq!(ids(some), ["30"]);
    let none = store
        .performance
        .review_templates(&tenant, Some(&[]), None, 10)
        .await
        .unwrap();
    assert!(none.is_empty());
}

/// Loads, review templates, stage tasks, stages, tenant clocks and deletions move the revision
/// on: the catalog cache of every replica depends on it.
async fn the_catalog_revision_moves_with_catalog_writes(store: Stores) {
    let revision = || async { store.platform.revision().await.unwrap() };
    let before = revision().await;
    load(&store, PERFORMANCE_WORLD).await;
    let loaded = revision().await;
    assert!(loaded > before, "loading tenants moves it");
    let tenant = TenantKey::from("p");
    let s1 = StageId::from("s1");
    let mut task = store
        .performance
        .stage_task(&tenant, &s1, &"B".into())
        .await
        .unwrap()
        .unwrap();
    let template = store
        .performance
        .review_templates(&tenant, None, None, 1)
        .await
        .unwrap()
        .remove(0);
    store
        .performance
        .put_review_template(&tenant, &template)
        .await
        .unwrap();
    let templated = revision().await;
    assert!(templated > loaded, "a review template write moves it");
    task.finished = 1;
    store
        .performance
        .put_stage_task(&tenant, &task)
        .await
        .unwrap();
    let tasked = revision().await;
    assert!(tasked > templated, "a stage task write moves it");
    let mut stage = store
        .performance
        .stage(&tenant, &s1)
        .await
        .unwrap()
        .unwrap();
    stage.paused = !stage.paused;
    assert!(
        store
            .performance
            .update_stage(&tenant, &stage, &[])
            .await
            .unwrap()
    );
    let staged = revision().await;
    assert!(staged > tasked, "a stage change moves it");
    let clock = TenantClock {
        fixed: Some(Millis(7)),
        offset_ms: 0,
    };
    assert!(
        store
            .platform
            .set_tenant_clock(&tenant, clock)
            .await
            .unwrap()
    );
    let clocked = revision().await;
    assert!(clocked > staged, "a clock change moves it");
    assert!(
        store
            .performance
            .delete_semester(&tenant, &"1".into())
            .await
            .unwrap()
    );
    let deleted = revision().await;
    assert!(deleted > clocked, "deleting a semester moves it");
    assert!(store.platform.delete_tenant(&tenant).await.unwrap());
    assert!(revision().await > deleted, "deleting a tenant moves it");
}

async fn stages_and_tasks_change_and_go(store: Stores) {
    load(&store, PERFORMANCE_WORLD).await;
    let tenant = TenantKey::from("p");
    let s1 = StageId::from("s1");
    let mut stage = store
        .performance
        .stage(&tenant, &s1)
        .await
        .unwrap()
        .unwrap();
    stage.paused = true;
    stage.deadline = Millis(99);
    stage.jump_url = Some("https://x".into());
    assert!(
        store
            .performance
            .update_stage(&tenant, &stage, &[])
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .performance
            .stage(&tenant, &s1)
            .await
            .unwrap()
            .unwrap(),
        stage
    );
    let mut task = store
        .performance
        .stage_task(&tenant, &s1, &"B".into())
        .await
        .unwrap()
        .unwrap();
    task.finished = 2;
    store
        .performance
        .put_stage_task(&tenant, &task)
        .await
        .unwrap();
    assert_eq!(
        store
            .performance
            .stage_task(&tenant, &s1, &"B".into())
            .await
            .unwrap(),
        Some(task)
    );
    assert!(
        store
            .performance
            .delete_stage_task(&tenant, &s1, &"B".into())
            .await
            .unwrap()
    );
    assert!(
        !store
            .performance
            .delete_stage_task(&tenant, &s1, &"B".into())
            .await
            .unwrap()
    );
    assert!(store.performance.delete_stage(&tenant, &s1).await.unwrap());
    assert!(
        store
            .performance
            .stage(&tenant, &s1)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .performance
            .stage_task(&tenant, &s1, &"a".into())
            .await
            .unwrap()
            .is_none()
    );
    let semester = SemesterId::from("1");
    assert!(
        store
            .performance
            .delete_semester(&tenant, &semester)
            .await
            .unwrap()
    );
    assert!(
        store
            .performance
            .semester(&AT, &tenant, &semester)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store
            .performance
            .delete_semester(&tenant, &semester)
            .await
            .unwrap()
    );
}

/// A review template comes back whole: stage templates, units and fields, in order.
async fn review_templates_keep_their_parts(store: Stores) {
    let mut declared = load(&store, NESTED_TEMPLATES).await.review_templates;
    declared.sort_by(|a, b| a.review_template_id.cmp(&b.review_template_id));
    let read = store
        .performance
        .review_templates(&"t".into(), None, None, 50)
        .await
        .unwrap();
    assert_eq!(read, declared);
    assert!(
        read.iter()
            .any(|t| t.units.iter().any(|u| !u.fields.is_empty()))
    );
}

/// Three activities over two groups: u1 in both groups, u2 and u3 in one each.
const REVIEWED: &str = r#"
tenant_key: t
users: [{ user_id: u1, name: A }, { user_id: u2, name: B }, { user_id: u3, name: C }]
user_groups:
  - { group_id: g1, members: [u2, u1] }
  - { group_id: g2, members: [u1, u3] }
  - { group_id: empty }
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 1
    activities:
      - { activity_id: "11", user_groups: [g1] }
      - { activity_id: "12", user_groups: [g2, empty] }
  - semester_id: "2"
    start_time: 0
    end_time: 1
    activities:
      - { activity_id: "21", user_groups: [g1] }
"#;

/// Reviewees are the members of the groups a semester's activities review, paged by user.
async fn reviewees_come_from_the_groups_of_activities(store: Stores) {
    load(&store, REVIEWED).await;
    let (tenant, semester) = (TenantKey::from("t"), SemesterId::from("1"));
    let page = |activities: Option<Vec<ActivityId>>,
                users: Option<Vec<UserId>>,
                after: Option<UserId>,
                limit| {
        let store = &store;
        let (tenant, semester) = (tenant.clone(), semester.clone());
        async move {
            store
                .performance
                .semester_reviewees(&AT, &tenant, &semester)
                .await
                .unwrap()
                .page(
                    activities.as_deref(),
                    users.as_deref(),
                    after.as_ref(),
                    limit,
                )
                .into_iter()
                .map(|r| {
                    let activities: Vec<String> =
                        r.activities.iter().map(|a| a.to_string()).collect();
                    format!("{}:{}", r.user_id, activities.join("+"))
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        page(None, None, None, 10).await,
        ["u1:11+12", "u2:11", "u3:12"]
    );
    assert_eq!(page(None, None, None, 2).await, ["u1:11+12", "u2:11"]);
    assert_eq!(page(None, None, Some("u2".into()), 2).await, ["u3:12"]);
    assert_eq!(
        page(Some(vec!["12".into()]), None, None, 10).await,
        ["u1:12", "u3:12"]
    );
    assert_eq!(
        page(None, Some(vec!["u3".into(), "u9".into()]), None, 10).await,
        ["u3:12"]
    );
    // Listed users, fewer than a page and more.
    let listed = || Some(vec!["u3".into(), "u1".into(), "u2".into()]);
    assert_eq!(
        page(None, listed(), None, 10).await,
        ["u1:11+12", "u2:11", "u3:12"]
    );
    assert_eq!(page(None, listed(), None, 2).await, ["u1:11+12", "u2:11"]);
    assert_eq!(
        page(None, listed(), Some("u1".into()), 10).await,
        ["u2:11", "u3:12"]
    );
    assert_eq!(
        page(Some(vec!["12".into()]), listed(), None, 10).await,
        ["u1:12", "u3:12"]
    );
    assert!(page(None, Some(vec![]), None, 10).await.is_empty());
    assert!(page(Some(vec![]), None, None, 10).await.is_empty());
    let activities = store
        .performance
        .activities(&tenant, &[semester.clone(), "2".into()], None)
        .await
        .unwrap();
    let ids: Vec<&str> = activities.iter().map(|a| a.activity_id.as_str()).collect();
    assert_eq!(ids, ["11", "12", "21"]);
    assert_eq!(
        activities[1].user_groups,
        [UserGroupId::from("g2"), "empty".into()]
    );
}

/// A group write replaces the members once per client token, in one transaction.
async fn group_writes_replace_members_once_per_token(store: Stores) {
    load(&store, REVIEWED).await;
    let (tenant, semester) = (TenantKey::from("t"), SemesterId::from("1"));
    let reviewed_in_11 = || async {
        store
            .performance
            .semester_reviewees(&AT, &tenant, &semester)
            .await
            .unwrap()
            .page(Some(&["11".into()]), None, None, 10)
            .into_iter()
            .map(|r| r.user_id.to_string())
            .collect::<Vec<_>>()
    };
    let before = store.platform.revision().await.unwrap();
    let write = GroupWrite {
        app_id: "cli_a".into(),
        client_token: "token-1".into(),
        group_id: "g1".into(),
        scope_visible_setting: 0,
        members: vec!["u3".into()],
    };
    assert!(
        store
            .performance
            .write_group_members(&tenant, &write)
            .await
            .unwrap()
    );
    let again = GroupWrite {
        members: vec!["u1".into()],
        ..write.clone()
    };
    assert!(
        !store
            .performance
            .write_group_members(&tenant, &again)
            .await
            .unwrap()
    );
    assert_eq!(
        reviewed_in_11().await,
        ["u3"],
        "the first write, not the repeated one"
    );
    // Replicas keep a semester's reviewees for a catalog revision: a write moves it.
    assert!(store.platform.revision().await.unwrap() > before);
    let group = store
        .performance
        .user_group(&tenant, &"g1".into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(group.scope_visible_setting, 0);
    let other_app = GroupWrite {
        app_id: "cli_b".into(),
        members: vec![],
        ..write
    };
    assert!(
        store
            .performance
            .write_group_members(&tenant, &other_app)
            .await
            .unwrap()
    );
    assert!(
        reviewed_in_11().await.is_empty(),
        "an empty write empties the group"
    );
}

/// Indicators keep their options in order and page by ID.
async fn indicators_in_id_order_with_their_options(store: Stores) {
    load(
        &store,
        r#"
tenant_key: t
indicators:
  - { indicator_id: "9", type: plus }
  - indicator_id: "10"
    options: [{ option_id: b, label: S }, { option_id: a, label: A }]
"#,
    )
    .await;
    let tenant = TenantKey::from("t");
    let all = store
        .performance
        .indicators(&tenant, None, None, 10)
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|i| i.indicator_id.as_str()).collect();
    assert_eq!(ids, ["10", "9"], "byte order");
    let labels: Vec<&str> = all[0].options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["S", "A"]);
    let after = IndicatorId::from("10");
    let rest = store
        .performance
        .indicators(&tenant, None, Some(&after), 10)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].indicator_type, "plus");
    let listed = store
        .performance
        .indicators(&tenant, Some(&["9".into(), "nope".into()]), None, 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
}

/// A semester's records of reviewees u1 (r2, with tags) and u2 (r1, anonymous and unsubmitted).
const RECORDS_WORLD: &str = r#"
tenant_key: t
users: [{ user_id: u1, name: A }, { user_id: u2, name: B }]
user_groups: [{ group_id: g, members: [u1, u2] }]
indicators: [{ indicator_id: i, options: [{ option_id: o1, label: S }, { option_id: o2, label: A }] }]
questions: [{ question_id: q, tag_items: [{ tag_id: t1 }, { tag_id: t2 }] }]
review_templates:
  - review_template_id: rt
    units:
      - { unit_id: un1, fields: [{ field_id: f2, indicator_id: i }] }
      - { unit_id: un2, fields: [{ field_id: f1, tag_based_question_id: q }] }
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 1
    activities: [{ activity_id: a, review_template_id: rt, user_groups: [g] }]
    user_infos:
      - { user_id: u1, job_level: { id: l, name: { zh_cn: 高, en_us: High } } }
      - { user_id: u2, department_id: d, direct_leader_user_id: u1 }
    stages: [{ stage_id: s, deadline: 1, tasks: [{ user_id: u1, need_todo: 1 }, { user_id: u2, need_todo: 1 }] }]
    results:
      - record_id: r2
        activity_id: a
        stage_id: s
        reviewee: u1
        reviewer: u2
        submit_time: 5
        values:
          - { field_id: f1, tags: [{ tag_id: t2, text: second }, { tag_id: t1, text: first }] }
          - { field_id: f2, option_id: o2, score: "3.5", text: ok }
      - { record_id: r1, activity_id: a, stage_id: s, reviewee: u2 }
"#;

/// Every review record of the semester as its catalog index answers them, by reviewee.
async fn indexed_records(
    performance: &impl PerformanceCatalog,
    at: &Snapshot,
    semester: &SemesterId,
) -> Vec<ReviewRecord> {
    let index = performance
        .semester_review_records(at, &TenantKey::from("t"), semester)
        .await
        .unwrap();
    ["u1", "u2"]
        .into_iter()
        .flat_map(|user| index.records_of(&user.into()).map(|r| r.to_record()))
        .collect()
}

/// Records keep their values in order, each value its chosen tags in order; snapshots read back
/// with their optional parts.
async fn review_records_keep_their_parts(store: Stores) {
    load(&store, RECORDS_WORLD).await;
    let (tenant, semester) = (TenantKey::from("t"), SemesterId::from("1"));
    let records = indexed_records(&store.performance, &AT, &semester).await;
    let ids: Vec<&str> = records.iter().map(|r| r.record_id.as_str()).collect();
    assert_eq!(ids, ["r2", "r1"], "by reviewee");
    let (r2, r1) = (&records[0], &records[1]);
    assert_eq!(r1.reviewer_user_id, None);
    assert_eq!(r1.submit_time, None);
    assert!(r1.values.is_empty());
    assert_eq!(r2.submit_time, Some(Millis(5)));
    let fields: Vec<(&str, &str)> = r2
        .values
        .iter()
        .map(|v| (v.unit_id.as_str(), v.field_id.as_str()))
        .collect();
    assert_eq!(fields, [("un2", "f1"), ("un1", "f2")]);
    let tags: Vec<(&str, &str)> = r2.values[0]
        .tags
        .iter()
        .map(|t| (t.tag_id.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(tags, [("t2", "second"), ("t1", "first")]);
    assert_eq!(r2.values[1].option_id.as_deref(), Some("o2"));
    assert_eq!(r2.values[1].score.as_deref(), Some("3.5"));
    assert_eq!(r2.values[1].indicator_id, Some(IndicatorId::from("i")));
    let snapshots = store
        .performance
        .user_snapshots(&tenant, &semester, &["u1".into(), "u2".into()])
        .await
        .unwrap();
    let u1 = snapshots
        .iter()
        .find(|s| s.user_id.as_str() == "u1")
        .unwrap();
    assert_eq!(
        u1.job_level.as_ref().map(|l| l.name.en_us.as_str()),
        Some("High")
    );
    assert_eq!(u1.job_family, None);
    assert_eq!(u1.department_id, None);
    let u2 = snapshots
        .iter()
        .find(|s| s.user_id.as_str() == "u2")
        .unwrap();
    assert_eq!(u2.department_id.as_deref(), Some("d"));
    assert_eq!(u2.direct_leader_user_id, Some(UserId::from("u1")));
    let reviews = store
        .performance
        .semester_reviews(&tenant, &semester)
        .await
        .unwrap();
    let mut by_id = records.clone();
    by_id.sort_by(|a, b| a.record_id.cmp(&b.record_id));
    assert_eq!(reviews.records, by_id, "a semester's records, whole");
    assert_eq!(reviews.stages.len(), 1);
    // Records go with their semester.
    assert!(
        store
            .performance
            .delete_semester(&tenant, &semester)
            .await
            .unwrap()
    );
    assert!(
        indexed_records(&store.performance, &AT, &semester)
            .await
            .is_empty()
    );
}

/// Replicas keep a semester's review records for a catalog revision: a write of one's own to
/// any table a record is made of moves the revision, and the next snapshot's records show it.
async fn review_records_follow_every_table_they_are_made_of(store: Stores) {
    load(&store, RECORDS_WORLD).await;
    let cached = Cached(store.performance.clone());
    let (cached, semester) = (&cached, &SemesterId::from("1"));
    let statements = [
        "UPDATE review_records SET reviewer_user_id = 'u1' WHERE record_id = 'r1'",
        "UPDATE review_values SET score = '4' WHERE record_id = 'r2' AND position = 1",
        "DELETE FROM review_value_tags WHERE tag_id = 't1'",
    ];
    each_statement_moves_the_catalog(&store, &statements, |at| async move {
        indexed_records(cached, &at, semester).await
    })
    .await;
}

/// Replicas keep a tenant's review templates and indicators for a catalog revision: a write of
/// one's own to any table they are made of moves the revision, and the next snapshot shows it.
async fn review_definitions_follow_every_table_they_are_made_of(store: Stores) {
    load(&store, RECORDS_WORLD).await;
    let cached = &Cached(store.performance.clone());
    let statements = [
        "UPDATE review_templates SET name_zh = 'x' WHERE review_template_id = 'rt'",
        "INSERT INTO review_stage_templates (tenant_key, review_template_id, position, \
         template_id, name_zh, name_en, stage_type) VALUES ('t', 'rt', 0, 'st', 'a', 'a', 'review')",
        "UPDATE review_units SET name_zh = 'x' WHERE unit_id = 'un1'",
        "UPDATE review_fields SET name_zh = 'x' WHERE field_id = 'f1'",
        "UPDATE indicators SET name_zh = 'x' WHERE indicator_id = 'i'",
        "DELETE FROM indicator_options WHERE option_id = 'o1'",
    ];
    each_statement_moves_the_catalog(&store, &statements, |at| async move {
        let tenant = TenantKey::from("t");
        cached.review_definitions(&at, &tenant).await.unwrap()
    })
    .await;
}

/// Runs each statement on the database and checks that it moves the catalog revision, that the
/// snapshot before it still answers what it answered (as `read` reads it), and that the next
/// snapshot's answer shows the statement.
async fn each_statement_moves_the_catalog<T, F, Fut>(store: &Stores, statements: &[&str], read: F)
where
    T: PartialEq + std::fmt::Debug,
    F: Fn(Arc<Snapshot>) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut at = Arc::new(Snapshot::new(store.platform.revision().await.unwrap()));
    let mut seen = read(Arc::clone(&at)).await;
    for statement in statements {
        sqlx::query(statement)
            .execute(store.db.pool())
            .await
            .unwrap();
        let again = read(Arc::clone(&at)).await;
        assert_eq!(again, seen, "the same snapshot answers the same");
        let now = Arc::new(Snapshot::new(store.platform.revision().await.unwrap()));
        assert!(
            now.revision() > at.revision(),
            "{statement} moves the revision"
        );
        let answer = read(Arc::clone(&now)).await;
        assert_ne!(answer, seen, "{statement} shows");
        (seen, at) = (answer, now);
    }
}

/// Additional information reads by each filter in item order, and an import writes its items
/// once per client token, refusing an external ID another item holds.
const INFO_WORLD: &str = r#"
tenant_key: t
users: [{ user_id: u1, name: A }, { user_id: u2, name: B }]
user_groups: [{ group_id: g, members: [u1, u2] }]
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 1
    activities: [{ activity_id: a, user_groups: [g] }]
    additional_informations:
      - { item_id: i2, external_id: e2, reviewee: u2, item: B, time: t, detailed_description: d }
      - { item_id: i1, reviewee: u1, item: A, time: t, detailed_description: d }
"#;

/// Replicas keep a semester's additional information for a catalog revision: every write to
/// its table moves the revision, and the next snapshot's items show it. Each filter pages
/// through the catalog's items as it does through the store's.
async fn additional_information_follows_its_table(store: Stores) {
    load(&store, INFO_WORLD).await;
    let cached = Cached(store.performance.clone());
    let (cached, tenant, semester) = (&cached, &TenantKey::from("t"), &SemesterId::from("1"));
    let at = Snapshot::new(store.platform.revision().await.unwrap());
    let items = cached
        .semester_additional_infos(&at, tenant, semester)
        .await
        .unwrap();
    let filters = [
        AdditionalInfoFilter::All,
        AdditionalInfoFilter::ItemIds(vec!["i2".into(), "i1".into(), "none".into()]),
        AdditionalInfoFilter::ExternalIds(vec!["e2".into(), "none".into()]),
        AdditionalInfoFilter::Reviewees(vec!["u2".into()]),
    ];
    for filter in &filters {
        for (after, limit) in [(None, 10), (None, 1), (Some(ItemId::from("i1")), 10)] {
            let stored = store
                .performance
                .additional_infos(tenant, semester, filter, after.as_ref(), limit)
                .await
                .unwrap();
            assert_eq!(
                items.page(filter, after.as_ref(), limit),
                stored,
                "{filter:?} after {after:?}, {limit}"
            );
        }
    }
    let statements = [
        "UPDATE additional_informations SET item = 'x' WHERE item_id = 'i1'",
        "INSERT INTO additional_informations (tenant_key, semester_id, item_id, reviewee_user_id, \
         item, time_text, detailed_description) VALUES ('t', '1', 'i4', 'u2', 'D', 't', 'd')",
        "DELETE FROM additional_informations WHERE item_id = 'i2'",
    ];
    each_statement_moves_the_catalog(&store, &statements, |at| async move {
        cached
            .semester_additional_infos(&at, tenant, semester)
            .await
            .unwrap()
    })
    .await;
}

async fn additional_information_imports_once_per_token(store: Stores) {
    load(&store, INFO_WORLD).await;
    let (tenant, semester) = (TenantKey::from("t"), SemesterId::from("1"));
    let read = |filter: AdditionalInfoFilter| {
        let store = &store;
        let (tenant, semester) = (tenant.clone(), semester.clone());
        async move {
            store
                .performance
                .additional_infos(&tenant, &semester, &filter, None, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.item_id.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(read(AdditionalInfoFilter::All).await, ["i1", "i2"]);
    assert_eq!(
        read(AdditionalInfoFilter::ExternalIds(vec!["e2".into()])).await,
        ["i2"]
    );
    assert_eq!(
        read(AdditionalInfoFilter::Reviewees(vec!["u1".into()])).await,
        ["i1"]
    );
    assert!(read(AdditionalInfoFilter::ItemIds(vec![])).await.is_empty());
    let record = ImportRecord {
        import_record_id: "r1".into(),
        kind: "additional_information".into(),
        app_id: "cli_a".into(),
        client_token: "token".into(),
        name: "API导入".into(),
        semester_id: semester.clone(),
        create_time: Millis(1),
    };
    let changed = AdditionalInfo {
        item_id: "i1".into(),
        semester_id: semester.clone(),
        external_id: Some("e1".into()),
        reviewee_user_id: "u1".into(),
        item: "A2".into(),
        time: "t".into(),
        detailed_description: "d".into(),
    };
    assert!(
        store
            .performance
            .import_additional_infos(&tenant, &record, std::slice::from_ref(&changed))
            .await
            .unwrap()
    );
    let again = ImportRecord {
        import_record_id: "r2".into(),
        ..record.clone()
    };
    assert!(
        !store
            .performance
            .import_additional_infos(&tenant, &again, &[])
            .await
            .unwrap()
    );
    let stored = store
        .performance
        .additional_infos(
            &tenant,
            &semester,
            &AdditionalInfoFilter::ItemIds(vec!["i1".into()]),
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(stored, std::slice::from_ref(&changed));
    let clash = ImportRecord {
        import_record_id: "r3".into(),
        client_token: "other".into(),
        ..record
    };
    let taken = AdditionalInfo {
        item_id: "i3".into(),
        external_id: Some("e2".into()),
        ..changed
    };
    assert!(matches!(
        store
            .performance
            .import_additional_infos(&tenant, &clash, &[taken])
            .await,
        Err(openwork_platform::StoreError::Conflict(_))
    ));
    assert_eq!(
        read(AdditionalInfoFilter::All).await,
        ["i1", "i2"],
        "nothing of the refused import"
    );
    let deleted = store
        .performance
        .delete_additional_infos(&tenant, &semester, &["i2".into(), "nope".into()])
        .await
        .unwrap();
    assert_eq!(deleted, [ItemId::from("i2")]);
}

/// Metric values load with their semester, an import upserts them once per client token, and
/// they go with their semester.
/// A metric template of one metric with two fields, whose activity reviews u1 and u2; u1 has
/// a value.
const METRIC_WORLD: &str = r#"
tenant_key: t
users: [{ user_id: u1, name: A }, { user_id: u2, name: B }]
user_groups: [{ group_id: g, members: [u1, u2] }]
metric_fields: [{ field_id: f1, type: number }, { field_id: f2, type: person }]
metrics: [{ metric_id: m, name: M, fields: [{ field_id: f1, input_setting: reviewee }, { field_id: f2, input_setting: reviewee }] }]
metric_templates: [{ template_id: t1, dimensions: [{ dimension_id: d }], metrics: [{ metric_id: m, dimension_id: d }] }]
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 1
    activities: [{ activity_id: a, mode: metric_development, metric_template_id: t1, user_groups: [g] }]
    metric_details:
      - { reviewee: u1, metric_id: m, fields: [{ field_id: f1, value: "1" }] }
"#;

/// Replicas keep a tenant's metric sheets for a catalog revision: a write of one's own to any
/// table a sheet is made of moves the revision, and the next snapshot's sheets show it.
async fn metric_sheets_follow_every_table_they_are_made_of(store: Stores) {
    load(&store, METRIC_WORLD).await;
    let cached = Cached(store.performance.clone());
    let (cached, tenant) = (&cached, &TenantKey::from("t"));
    let first = Snapshot::new(store.platform.revision().await.unwrap());
    let sheets = cached.metric_sheets(&first, tenant).await.unwrap();
    assert_eq!(sheets[&MetricTemplateId::from("t1")].metrics.len(), 1);
    let statements = [
        "UPDATE metric_fields SET field_type = 'text' WHERE field_id = 'f1'",
        "UPDATE metrics SET name = 'N'",
        "INSERT INTO metric_tag_links (tenant_key, metric_id, position, tag_id) \
         VALUES ('t', 'm', 0, 'mt')",
        "UPDATE metric_field_settings SET field_value = '9' WHERE field_id = 'f1'",
        "INSERT INTO metric_inputters (tenant_key, metric_id, position, user_id) \
         VALUES ('t', 'm', 0, 'u1')",
        "INSERT INTO metric_templates (tenant_key, template_id, name_zh, name_en, \
         description_zh, description_en, status, total_metric_score_method, \
         metric_weight_method) VALUES ('t', 't2', '', '', '', '', 'enabled', 'weight', 'x')",
        "UPDATE metric_dimensions SET weight = '50'",
        "UPDATE metric_template_metrics SET dimension_id = 'elsewhere'",
    ];
    each_statement_moves_the_catalog(&store, &statements, |at| async move {
        cached.metric_sheets(&at, tenant).await.unwrap()
    })
    .await;
}

/// Replicas keep a semester's metric values for a catalog revision: every write to their table
/// moves the revision, and the next snapshot's values show it.
async fn metric_values_follow_their_table(store: Stores) {
    load(&store, METRIC_WORLD).await;
    let cached = Cached(store.performance.clone());
    let (cached, tenant, semester) = (&cached, &TenantKey::from("t"), &SemesterId::from("1"));
    let statements = [
        "UPDATE metric_detail_values SET field_value = '5' WHERE field_id = 'f1'",
        "INSERT INTO metric_detail_values (tenant_key, semester_id, reviewee_user_id, \
         metric_id, field_id, person_user_id) VALUES ('t', '1', 'u2', 'm', 'f2', 'u1')",
        "DELETE FROM metric_detail_values WHERE reviewee_user_id = 'u1'",
    ];
    each_statement_moves_the_catalog(&store, &statements, |at| async move {
        cached
            .semester_metric_values(&at, tenant, semester)
            .await
            .unwrap()
    })
    .await;
}

async fn metric_values_upsert_once_per_token(store: Stores) {
    load(&store, METRIC_WORLD).await;
    let (tenant, semester) = (TenantKey::from("t"), SemesterId::from("1"));
    let read = || {
        let store = &store;
        let (tenant, semester) = (tenant.clone(), semester.clone());
        async move {
            let at = Snapshot::new(store.platform.revision().await.unwrap());
            let index = store
                .performance
                .semester_metric_values(&at, &tenant, &semester)
                .await
                .unwrap();
            let mut values: Vec<String> = ["u1", "u2"]
                .iter()
                .flat_map(|user| index.of(&UserId::from(*user)).iter().cloned())
                .map(|v| {
                    format!(
                        "{}/{}={}{}@{}",
                        v.reviewee_user_id,
                        v.field_id,
                        v.value.unwrap_or_default(),
                        v.person.map(|p| p.to_string()).unwrap_or_default(),
                        v.import_record_id.unwrap_or_default()
                    )
                })
                .collect();
            values.sort();
            values
        }
    };
    assert_eq!(read().await, ["u1/f1=1@"]);
    let record = ImportRecord {
        import_record_id: "r1".into(),
        kind: "metric_detail".into(),
        app_id: "cli_a".into(),
        client_token: "token".into(),
        name: "API 录入".into(),
        semester_id: semester.clone(),
        create_time: Millis(1),
    };
    let value =
        |reviewee: &str, field: &str, value: Option<&str>, person: Option<&str>| MetricValue {
            semester_id: semester.clone(),
            reviewee_user_id: reviewee.into(),
            metric_id: "m".into(),
            field_id: field.into(),
            value: value.map(str::to_owned),
            person: person.map(UserId::from),
            import_record_id: Some("r1".into()),
        };
    let imported = [
        value("u1", "f1", Some("2"), None),
        value("u2", "f2", None, Some("u1")),
    ];
    assert!(
        store
            .performance
            .import_metric_values(&tenant, &record, &imported)
            .await
            .unwrap()
    );
    assert_eq!(
        read().await,
        ["u1/f1=2@r1", "u2/f2=u1@r1"],
        "u1's value replaced"
    );
    let again = ImportRecord {
        import_record_id: "r2".into(),
        ..record
    };
    assert!(
        !store
            .performance
            .import_metric_values(&tenant, &again, &[value("u2", "f1", Some("9"), None)])
            .await
            .unwrap()
    );
    assert_eq!(
        read().await,
        ["u1/f1=2@r1", "u2/f2=u1@r1"],
        "nothing of the retry"
    );
    assert!(
        store
            .performance
            .delete_semester(&tenant, &semester)
            .await
            .unwrap()
    );
    assert!(read().await.is_empty(), "values go with their semester");
}

/// Library metrics keep their parts in order, and every filter narrows the selection.
async fn metrics_are_filtered_and_keep_their_parts(store: Stores) {
    load(
        &store,
        r#"
tenant_key: t
users: [{ user_id: u1, name: A }]
metric_tags: [{ tag_id: a }, { tag_id: b }, { tag_id: c }]
metric_fields: [{ field_id: f1 }, { field_id: f2, type: person }]
metrics:
  - { metric_id: m1, name: One, type_id: x, tags: [b, a], fields: [{ field_id: f2, person: u1 }, { field_id: f1, value: "9" }], data_source_inputters: [u1] }
  - { metric_id: m2, name: Two, type_id: y, tags: [c], is_active: false, scoring_setting_type: score_by_formula, scoring_formula: { formula_id: "7" } }
  - { metric_id: m3, name: Three, type_id: x, range_of_availability: only_admins }
"#,
    )
    .await;
    let tenant = TenantKey::from("t");
    let ids = |filter: MetricFilter| {
        let store = &store;
        let tenant = tenant.clone();
        async move {
            store
                .performance
                .metrics(&tenant, None, 10, &filter)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.metric_id.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids(MetricFilter::default()).await, ["m1", "m2", "m3"]);
    let tags = |t: &[&str]| Some(t.iter().map(|t| MetricTagId::from(*t)).collect());
    assert_eq!(
        ids(MetricFilter {
            tag_ids: tags(&["a", "c"]),
            ..MetricFilter::default()
        })
        .await,
        ["m1", "m2"]
    );
    assert_eq!(
        ids(MetricFilter {
            is_active: Some(true),
            type_ids: Some(vec!["x".into()]),
            ..MetricFilter::default()
        })
        .await,
        ["m1", "m3"]
    );
    assert_eq!(
        ids(MetricFilter {
            range_of_availability: Some("only_admins".into()),
            ..MetricFilter::default()
        })
        .await,
        ["m3"]
    );
    assert_eq!(
        ids(MetricFilter {
            scoring_setting_type: Some("score_by_formula".into()),
            ..MetricFilter::default()
        })
        .await,
        ["m2"]
    );
    let all = store
        .performance
        .metrics(&tenant, None, 10, &MetricFilter::default())
        .await
        .unwrap();
    assert_eq!(all[0].tags, [MetricTagId::from("b"), "a".into()]);
    assert_eq!(all[0].fields[0].person, Some(UserId::from("u1")));
    assert_eq!(all[0].fields[1].value.as_deref(), Some("9"));
    assert_eq!(all[0].data_source_inputters, [UserId::from("u1")]);
    assert_eq!(
        all[1]
            .scoring_formula
            .as_ref()
            .map(|f| f.formula_id.as_str()),
        Some("7")
    );
    assert_eq!(all[2].scoring_formula, None);
    let after = store
        .performance
        .metrics(&tenant, Some(&"m1".into()), 1, &MetricFilter::default())
        .await
        .unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].metric_id.as_str(), "m2");
}

/// A section whose every list the fixture gives in the order the store reads it back in
/// (semesters by start time, stages by position, everything else by ID), with every part a
/// section holds.
const WHOLE_SECTION: &str = r#"
tenant_key: t
users: [{ user_id: u1, name: A }, { user_id: u2, name: B }]
performance: { licensed: true, allow_late_submission: true }
user_groups: [{ group_id: g, api_writable: false, scope_visible_setting: 0, members: [u2, u1] }]
indicators: [{ indicator_id: i, options: [{ option_id: o2, label: S }, { option_id: o1, label: A }] }]
questions: [{ question_id: q, tag_items: [{ tag_id: t2 }, { tag_id: t1 }] }]
metric_tags: [{ tag_id: mt, index: 3, create_time: 5 }]
metric_fields: [{ field_id: f1, type: number }, { field_id: f2, type: person }]
metrics:
  - metric_id: m
    name: M
    tags: [mt]
    fields: [{ field_id: f1, input_setting: reviewee }, { field_id: f2, input_setting: reviewee }]
    data_source_inputters: [u2, u1]
metric_templates:
  - template_id: mtp
    dimensions: [{ dimension_id: d, weight: "70" }]
    metrics: [{ metric_id: m, dimension_id: d, min: "0" }]
review_templates:
  - review_template_id: rt
    templates: [{ template_id: st, stage_type: review }]
    units:
      - { unit_id: un1, fields: [{ field_id: rf2, indicator_id: i }] }
      - { unit_id: un2, fields: [{ field_id: rf1, tag_based_question_id: q }] }
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 100
    activities:
      - { activity_id: a1, review_template_id: rt, user_groups: [g] }
      - { activity_id: a2, mode: metric_development, metric_template_id: mtp, user_groups: [g] }
    user_infos:
      - { user_id: u1, job_level: { id: l, name: { zh_cn: 高, en_us: High } } }
      - { user_id: u2, department_id: d, direct_leader_user_id: u1 }
    stages:
      - { stage_id: s1, deadline: 50, tasks: [{ user_id: u1, need_todo: 2, finished: 1 }, { user_id: u2, need_todo: 1 }] }
      - { stage_id: s2, deadline: 60, paused: true, results_open_time: 7, tasks: [{ user_id: u1, need_todo: 3 }] }
    results:
      - { record_id: r1, activity_id: a1, stage_id: s1, reviewee: u2 }
      - record_id: r2
        activity_id: a1
        stage_id: s2
        reviewee: u1
        reviewer: u2
        submit_time: 5
        values:
          - { field_id: rf1, tags: [{ tag_id: t2, text: second }, { tag_id: t1, text: first }] }
          - { field_id: rf2, option_id: o1, score: "3.5", text: ok }
    additional_informations:
      - { item_id: i1, external_id: x, reviewee: u1, item: I, time: T, detailed_description: D }
      - { item_id: i2, reviewee: u2, item: J, time: U, detailed_description: E }
    metric_details:
      - { reviewee: u1, metric_id: m, fields: [{ field_id: f1, value: "1" }, { field_id: f2, person: u2 }] }
      - { reviewee: u2, metric_id: m, fields: [{ field_id: f1, value: "2" }] }
  - semester_id: "2"
    start_time: 10
    end_time: 20
    stages: [{ stage_id: s3, deadline: 15 }]
"#;

/// The whole section reads back as it was written, and nothing of another tenant comes with it.
async fn the_whole_section_reads_back(store: Stores) {
    let written = load(&store, WHOLE_SECTION).await;
    load(
        &store,
        "tenant_key: other\nusers: [{ user_id: u1, name: A }]\nuser_groups: [{ group_id: g }]\n",
    )
    .await;
    let read = store.performance.section(&"t".into()).await.unwrap();
    assert_eq!(read.settings, written.settings);
    assert_eq!(read.semesters, written.semesters);
    assert_eq!(read.stages, written.stages);
    assert_eq!(read.stage_tasks, written.stage_tasks);
    assert_eq!(read.activities, written.activities);
    assert_eq!(read.user_snapshots, written.user_snapshots);
    assert_eq!(read.review_records, written.review_records);
    assert_eq!(read.additional_infos, written.additional_infos);
    assert_eq!(read.metric_values, written.metric_values);
    assert_eq!(read.review_templates, written.review_templates);
    assert_eq!(read.user_groups, written.user_groups);
    assert_eq!(read.indicators, written.indicators);
    assert_eq!(read.questions, written.questions);
    assert_eq!(read.metric_tags, written.metric_tags);
    assert_eq!(read.metric_fields, written.metric_fields);
    assert_eq!(read.metrics, written.metrics);
    assert_eq!(read.metric_templates, written.metric_templates);
    // Every list holds something: an empty read would not prove much.
    assert_eq!(read.stage_tasks.len(), 3);
    assert_eq!(read.metric_values.len(), 3);
    assert_eq!(read.review_records[1].values[0].tags.len(), 2);
    let other = store.performance.section(&"other".into()).await.unwrap();
    assert_eq!(other.user_groups.len(), 1);
    assert!(other.semesters.is_empty() && other.metrics.is_empty());
}

/// A semester whose stages open their results in the past, later, and never.
const OPENINGS: &str = r#"
tenant_key: t
clock: 1000
users: [{ user_id: u1, name: A }]
semesters:
  - semester_id: "1"
    start_time: 0
    end_time: 10
    stages:
      - { stage_id: past, deadline: 5, results_open_time: 500, tasks: [{ user_id: u1, need_todo: 1 }] }
      - { stage_id: later, deadline: 6, results_open_time: 2000 }
      - { stage_id: never, deadline: 7 }
"#;

/// An event of tenant `t` stored in the transaction of a change.
fn delivery(event_id: &str) -> Delivery {
    Delivery {
        event_id: event_id.to_owned(),
        channel: Channel::LongConnection,
        tenant_key: "t".into(),
        app_id: "cli_de30c0de00000001".into(),
        event_type: "performance.stage_task.open_result_v2".into(),
        create_time: Millis(1),
        event: r#"{"items":[]}"#.into(),
        state: DeliveryState::Pending,
        attempts: 0,
        next_attempt_at: Millis(1),
        delivered_at: None,
    }
}

/// The IDs of tenant `t`'s stored events, in order.
async fn stored_events(store: &Stores) -> Vec<String> {
    let mut ids: Vec<String> = SqlEventStore::new(store.db.clone())
        .deliveries_page(&"t".into(), &DeliveryFilter::default(), None, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.event_id)
        .collect();
    ids.sort();
    ids
}

/// Each opening of a stage's results is announced once, with the events stored in its
/// transaction: a load marks what it declares open announced, a second claim of one opening
/// stores nothing, closing results clears the announcement, and a replacement prepared against
/// stages that changed meanwhile writes nothing.
async fn results_openings_are_announced_once(store: Stores) {
    let section = load(&store, OPENINGS).await;
    let tenant = TenantKey::from("t");
    let openings = || async {
        store
            .performance
            .unannounced_openings()
            .await
            .unwrap()
            .into_iter()
            .map(|(tenant, stage)| format!("{tenant}:{}", stage.stage_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        openings().await,
        ["t:later"],
        "the load announced what was open"
    );
    let stage = |id: &'static str| {
        let store = &store;
        let tenant = tenant.clone();
        async move {
            store
                .performance
                .stage(&tenant, &StageId::from(id))
                .await
                .unwrap()
                .unwrap()
        }
    };
    let later = stage("later").await;
    assert!(stage("past").await.results_announced && !later.results_announced);

    let perf = &store.performance;
    assert!(
        perf.announce_results(&tenant, &later, &[delivery("e1")])
            .await
            .unwrap()
    );
    assert!(
        !perf
            .announce_results(&tenant, &later, &[delivery("e2")])
            .await
            .unwrap(),
        "an opening is announced once"
    );
    assert_eq!(stored_events(&store).await, ["e1"]);
    assert!(openings().await.is_empty());
    assert!(stage("later").await.results_announced);

    // Closed again (opening later), it is announced anew, once; an opening at another time
    // than the claim names is not claimed.
    let mut moved = stage("later").await;
    moved.results_open_time = Some(Millis(3000));
    moved.results_announced = false;
    assert!(perf.update_stage(&tenant, &moved, &[]).await.unwrap());
    assert_eq!(openings().await, ["t:later"]);
    assert!(
        !perf
            .announce_results(&tenant, &later, &[delivery("e3")])
            .await
            .unwrap(),
        "the opening at 2000 is no longer the stage's"
    );
    moved.results_announced = true;
    assert!(
        perf.update_stage(&tenant, &moved, &[delivery("e4")])
            .await
            .unwrap()
    );
    assert!(
        perf.update_stage(&tenant, &moved, &[delivery("e5")])
            .await
            .unwrap()
    );
    assert_eq!(stored_events(&store).await, ["e1", "e4"]);
    assert_eq!(stage("later").await, moved);

    // A replacement writes its stages' announcements and its events with them, unless the
    // stages it was prepared against changed meanwhile.
    let semester = SemesterId::from("1");
    let stored = perf.semester_reviews(&tenant, &semester).await.unwrap();
    let mut parts = SemesterParts {
        semesters: section.semesters.clone(),
        stages: section.stages.clone(),
        stage_tasks: section.stage_tasks.clone(),
        ..SemesterParts::default()
    };
    parts.stages[2].results_open_time = Some(Millis(900));
    parts.stages[2].results_announced = true;
    let mut stale = stored.stages.clone();
    stale[1].results_announced = false;
    assert!(
        !perf
            .replace_semester(&tenant, &parts, &stale, &[delivery("e6")])
            .await
            .unwrap()
    );
    assert_eq!(stored_events(&store).await, ["e1", "e4"]);
    assert!(!stage("never").await.results_announced);
    assert!(
        perf.replace_semester(&tenant, &parts, &stored.stages, &[delivery("e7")])
            .await
            .unwrap()
    );
    assert_eq!(stored_events(&store).await, ["e1", "e4", "e7"]);
    assert!(stage("never").await.results_announced);
    assert_eq!(
        perf.semester_reviews(&tenant, &semester)
            .await
            .unwrap()
            .stages,
        parts.stages
    );
}

openwork_platform::conformance!(
    setup: super::stores,
    schemas: &[&openwork_performance::SCHEMA],
    scenarios: [
        declarations_match_the_schema,
        settings_read_back,
        the_catalog_cache_reads_once_per_revision,
        metric_sheets_follow_every_table_they_are_made_of,
        stage_task_selection_in_byte_order,
        a_stage_task_write_moves_the_catalog_on,
        stage_task_counts_out_of_range_are_named,
        review_templates_in_id_order,
        review_templates_keep_their_parts,
        the_catalog_revision_moves_with_catalog_writes,
        stages_and_tasks_change_and_go,
        reviewees_come_from_the_groups_of_activities,
        group_writes_replace_members_once_per_token,
        indicators_in_id_order_with_their_options,
        review_records_keep_their_parts,
        review_records_follow_every_table_they_are_made_of,
        review_definitions_follow_every_table_they_are_made_of,
        additional_information_follows_its_table,
        additional_information_imports_once_per_token,
        metric_values_follow_their_table,
        metric_values_upsert_once_per_token,
        metrics_are_filtered_and_keep_their_parts,
        the_whole_section_reads_back,
        results_openings_are_announced_once,
    ]
);
