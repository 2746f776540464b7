//! The storage conformance suite: every scenario runs against SQLite (in memory and in a file)
//! and against PostgreSQL (`TEST_DATABASE_URL`; skipped with a message when unset, a failure
//! when `CI=true`).

use openwork_core::clock::{Millis, TenantClock};
use openwork_core::contact::ItemOutcome;
use openwork_core::fixture;
use openwork_core::ids::{AppId, ReportTaskId, RuleId, TenantKey, UserId, UserIdType};
use openwork_core::store::{
    JobChunk, JobStore, ReportFilter, ReportPosition, ReportStore, StoreError, Unwatched,
    WorkspaceStore, WorldStore,
};
use openwork_platform::catalog::{CatalogStore, Snapshot};
use openwork_platform::db::Db;
use openwork_platform::store::{
    DirectoryStore, GlobalId, GrantKind, MetaStore, OAuthGrant, SqlPlatformStore, TenantStore,
    TokenIssue, TokenStore,
};
use openwork_store::SqlStore;

/// The services' schemas (the fixtures these scenarios load hold performance data too).
static SCHEMAS: [&openwork_platform::db::Schema; 4] = [
    &openwork_performance::SCHEMA,
    openwork_store::SCHEMAS[0],
    openwork_store::SCHEMAS[1],
    openwork_store::SCHEMAS[2],
];

/// The platform's and the services' stores over one database.
struct Stores {
    db: Db,
    platform: SqlPlatformStore,
    services: SqlStore,
}

async fn stores(db: Db) -> Stores {
    Stores {
        platform: SqlPlatformStore::new(db.clone()),
        services: SqlStore::new(db.clone()),
        db,
    }
}

/// The snapshot uncached reads are made "as of" (the SQL stores do not look at it).
static AT: std::sync::LazyLock<Snapshot> = std::sync::LazyLock::new(|| Snapshot::new(0));

const NOW: Millis = Millis(1_717_207_200_000);

/// A tenant with one app, the given users and a stage task for the first user.
fn world_text(tenant: &str, app: &str, users: &[&str]) -> String {
    let first_user = users[0];
    let users: Vec<String> = users
        .iter()
        .map(|u| format!("      - {{ user_id: {u}, name: {u}, mobile: \"+86{u}\" }}"))
        .collect();
    format!(
        "version: 1\ntenants:\n  - tenant_key: {tenant}\n    dingtalk_corp_id: corp-{tenant}\n    clock: 1000\n    apps:\n      - {{ app_id: {app}, app_secret: s, scopes: [a:b], dingtalk: {{ app_key: key-{app}, app_secret: ds }} }}\n    users:\n{}\n    semesters:\n      - start_time: 0\n        end_time: 1\n        stages: [{{ deadline: 1, tasks: [{{ user_id: {}, need_todo: 2, finished: 1 }}] }}]\n",
        users.join("\n"),
        first_user,
    )
}

async fn load(store: &Stores, text: &str) {
    let worlds = fixture::parse(text, NOW).expect("valid fixture");
    store
        .services
        .replace_tenants(&worlds, &Unwatched)
        .await
        .expect("replace");
}

async fn replace_then_read_back(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1", "u2"])).await;
    let tenant = store
        .platform
        .tenant(&AT, &"t1".into())
        .await
        .unwrap()
        .expect("tenant");
    assert_eq!(tenant.clock, TenantClock::fixed_at(Millis(1000)));
    assert_eq!(tenant.dingtalk_corp_id.as_deref(), Some("corp-t1"));
    let report = store.services.report_settings(&"t1".into()).await.unwrap();
    assert!(report.is_some_and(|s| s.enabled));
    let app = store
        .platform
        .app(&AT, &"cli_1".into())
        .await
        .unwrap()
        .expect("app");
    assert_eq!(app.scopes, vec!["a:b".to_owned()]);
    assert_eq!(app.dingtalk.unwrap().app_key, "key-cli_1");
    assert!(store.platform.has_tenants().await.unwrap());
}

async fn replacing_is_idempotent_and_isolated(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1", "u2"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    load(&store, &world_text("t1", "cli_1", &["u3"])).await;
    let t1 = TenantKey::from("t1");
    let app = AppId::from("cli_1");
    let users: Vec<UserId> = ["u1", "u2", "u3"].into_iter().map(UserId::from).collect();
    let seen = store
        .platform
        .identities_of_users(&t1, &app, &users)
        .await
        .unwrap();
    assert_eq!(seen.len(), 1, "the reload replaced t1's users");
    assert_eq!(seen[0].user_id.as_str(), "u3");
    let t2 = store
        .platform
        .identities_of_users(&"t2".into(), &"cli_2".into(), &users)
        .await
        .unwrap();
    assert_eq!(t2.len(), 1, "t2 untouched");
}

async fn identities_resolve_by_every_kind_within_the_tenant(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1", "u2"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    let (t1, app) = (TenantKey::from("t1"), AppId::from("cli_1"));
    let u1 = store
        .platform
        .identities_of_users(&t1, &app, &[UserId::from("u1")])
        .await
        .unwrap()
        .remove(0);
    for (kind, id) in [
        (UserIdType::OpenId, u1.open_id.clone()),
        (UserIdType::UnionId, u1.union_id.clone()),
        (UserIdType::UserId, "u1".to_owned()),
    ] {
        let found = store
            .platform
            .identities_by_external_id(&t1, &app, kind, &[id.clone(), "nobody".into()])
            .await
            .unwrap();
        assert_eq!(found, vec![u1.clone()], "{kind:?}");
        let elsewhere = store
            .platform
            .identities_by_external_id(&"t2".into(), &app, kind, &[id])
            .await
            .unwrap();
        assert!(
            elsewhere.is_empty(),
            "another tenant never sees it ({kind:?})"
        );
    }
}

async fn deleting_tenants(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    assert!(store.platform.delete_tenant(&"t1".into()).await.unwrap());
    assert!(!store.platform.delete_tenant(&"t1".into()).await.unwrap());
    assert!(
        store
            .platform
            .tenant(&AT, &"t1".into())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .platform
            .app(&AT, &"cli_1".into())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .platform
            .tenant(&AT, &"t2".into())
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.platform.delete_all_tenants().await.unwrap(), 1);
    assert!(!store.platform.has_tenants().await.unwrap());
}

/// Every table of tenant data is owned by its tenant: deleting the tenants leaves no row in any
/// table but the server-wide ones (found in the database's own catalog, so a new table is
/// checked too). The demo world fills every table the fixture format reaches; a job, a grant, a
/// task list and a removed view fill the rest.
async fn deleted_tenants_leave_nothing_behind(store: Stores) {
    load(&store, fixture::DEMO).await;
    load(&store, &world_text("t2", "cli_2", &["u1"])).await;
    let demo = TenantKey::from("demo");
    let job = openwork_core::contact::Job {
        task_id: "job".into(),
        tenant: demo.clone(),
        app: AppId::from("cli_demo0000000000001"),
        kind: openwork_core::contact::JobKind::AddUser,
        status: 1,
        total: 1,
        processed: 0,
        succeeded: 0,
        failed: 0,
        create_time: NOW,
        submitted_at: NOW,
        finish_time: None,
    };
    store
        .services
        .create_job(&job, &["{}".to_owned()])
        .await
        .unwrap();
    let claimed = store
        .services
        .claim_job("A", NOW, Millis(NOW.0 + 1))
        .await
        .unwrap();
    let chunk = JobChunk {
        job: &claimed.expect("the job"),
        owner: "A",
        first_index: 0,
        outcomes: vec![(0, ItemOutcome::default())],
        succeeded: 0,
        failed: 1,
        users: Vec::new(),
        identities: Vec::new(),
        departments: Vec::new(),
        lease_until: NOW,
        finish_time: Some(NOW),
    };
    assert!(store.services.commit_job_chunk(&chunk).await.unwrap());
    let grant = OAuthGrant {
        kind: GrantKind::Code,
        tenant: demo.clone(),
        app: AppId::from("cli_demo0000000000001"),
        user: UserId::from("u001"),
        expires_at: NOW,
    };
    store
        .platform
        .put_oauth_grant("hash", &grant)
        .await
        .unwrap();
    store
        .services
        .remove_rule_views(&demo, &RuleId::from("6894419345318182932"), None, NOW)
        .await
        .unwrap();
    store
        .services
        .set_tasklist_visibility(&demo, &UserId::from("u001"), None, true, NOW)
        .await
        .unwrap();
    let filled = openwork_platform::db::tenant_data_rows(&store.db)
        .await
        .unwrap();
    let empty: Vec<_> = filled.iter().filter(|(_, rows)| *rows == 0).collect();
    assert!(
        empty.is_empty(),
        "tables this test does not fill: {empty:?}"
    );

    assert!(store.platform.delete_tenant(&demo).await.unwrap());
    assert!(store.platform.delete_tenant(&"t2".into()).await.unwrap());
    let left: Vec<_> = openwork_platform::db::tenant_data_rows(&store.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, rows)| *rows > 0)
        .collect();
    assert!(left.is_empty(), "rows left behind: {left:?}");
}

/// Each table's declaration names exactly the columns its migrations created.
async fn declarations_match_the_schema(store: Stores) {
    openwork_platform::store::check_tables(&store.db)
        .await
        .unwrap();
    openwork_store::check_tables(&store.db).await.unwrap();
}

async fn clocks_are_stored(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    let clock = TenantClock {
        fixed: None,
        offset_ms: -5000,
    };
    assert!(
        store
            .platform
            .set_tenant_clock(&"t1".into(), clock)
            .await
            .unwrap()
    );
    assert!(
        !store
            .platform
            .set_tenant_clock(&"nope".into(), clock)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .platform
            .tenant(&AT, &"t1".into())
            .await
            .unwrap()
            .unwrap()
            .clock,
        clock
    );
}

async fn global_ids_name_their_tenant(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    let owners = store
        .platform
        .global_id_owners(GlobalId::AppId, &["cli_1".into(), "cli_x".into()])
        .await
        .unwrap();
    assert_eq!(owners, vec![("cli_1".to_owned(), TenantKey::from("t1"))]);
    let owners = store
        .platform
        .global_id_owners(GlobalId::DingTalkAppKey, &["key-cli_1".into()])
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
    let owners = store
        .platform
        .global_id_owners(GlobalId::DingTalkCorpId, &["corp-t1".into()])
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
}

async fn an_app_cannot_be_in_two_tenants(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    let worlds = fixture::parse(&world_text("t2", "cli_1", &["u1"]), NOW).unwrap();
    match store.services.replace_tenants(&worlds, &Unwatched).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        store
            .platform
            .tenant(&AT, &"t2".into())
            .await
            .unwrap()
            .is_none(),
        "nothing written"
    );
}

async fn meta_values_are_written_once(store: Stores) {
    let first = store.platform.meta_get_or_insert("k", "one").await.unwrap();
    let second = store.platform.meta_get_or_insert("k", "two").await.unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("one", "one"));
}

async fn token_issues_are_upserted(store: Stores) {
    let app = AppId::from("cli_1");
    assert!(
        store
            .platform
            .app_token_issue(&app)
            .await
            .unwrap()
            .is_none()
    );
    for at in [1000, 2000] {
        let issue = TokenIssue {
            issued_at: Millis(at),
            credential_fingerprint: format!("f{at}"),
        };
        store
            .platform
            .record_app_token_issue(&app, &issue)
            .await
            .unwrap();
        assert_eq!(
            store.platform.app_token_issue(&app).await.unwrap(),
            Some(issue)
        );
    }
}

async fn the_database_answers(store: Stores) {
    store.db.ping().await.unwrap();
    store.db.close().await;
}

/// Users whose IDs sort differently in byte order and in most locales, two stages, and tasks
/// complete (c) and incomplete (i).
const REPORT_WORLD: &str = r#"
version: 1
tenants:
  - tenant_key: r
    users: [{ user_id: a, name: A }, { user_id: b, name: B }, { user_id: c, name: C }]
    report_rules:
      - { rule_id: "1", name: weekly, to_user_ids: [c] }
      - { rule_id: "2", name: weekly, deleted: true }
    reports:
      - { task_id: "10", rule_id: "1", from_user_id: a, commit_time: 1000 }
      - { task_id: "11", rule_id: "1", from_user_id: b, commit_time: 2000, to_user_ids: [a] }
      - { task_id: "12", rule_id: "1", from_user_id: a, commit_time: 2000 }
      - { task_id: "13", rule_id: "2", from_user_id: b, commit_time: 3000, to_user_ids: [b] }
"#;

fn task_ids(reports: Vec<openwork_core::report::Report>) -> Vec<String> {
    reports.into_iter().map(|r| r.task_id.0).collect()
}

async fn reports_newest_first_with_keyset_paging(store: Stores) {
    load(&store, REPORT_WORLD).await;
    let tenant = TenantKey::from("r");
    let all = ReportFilter {
        from: Millis(0),
        to: Millis(5000),
        rule: None,
        sender: None,
    };
    let page = store
        .services
        .reports_page(&tenant, &all, None, 10)
        .await
        .unwrap();
    assert_eq!(task_ids(page), ["13", "12", "11", "10"]);
    let after = ReportPosition {
        commit_time: Millis(2000),
        task_id: ReportTaskId::from("12"),
    };
    let rest = store
        .services
        .reports_page(&tenant, &all, Some(&after), 2)
        .await
        .unwrap();
    assert_eq!(task_ids(rest), ["11", "10"]);
    let (rule, sender) = (RuleId::from("1"), UserId::from("a"));
    let narrow = ReportFilter {
        from: Millis(1000),
        to: Millis(2000),
        rule: Some(&rule),
        sender: Some(&sender),
    };
    let page = store
        .services
        .reports_page(&tenant, &narrow, None, 10)
        .await
        .unwrap();
    assert_eq!(task_ids(page), ["12", "10"]);
    let involving = store
        .services
        .reports_involving(&tenant, &sender, Millis(0), Millis(5000))
        .await
        .unwrap();
    assert_eq!(
        task_ids(involving),
        ["12", "11", "10"],
        "sent, and received from b"
    );
    let c = store
        .services
        .reports_involving(&tenant, &UserId::from("c"), Millis(0), Millis(5000))
        .await
        .unwrap();
    assert_eq!(
        task_ids(c),
        ["12", "10"],
        "the rule's recipients by default"
    );
    assert!(
        store
            .services
            .delete_report(&tenant, &ReportTaskId::from("12"))
            .await
            .unwrap()
    );
    let c = store
        .services
        .reports_involving(&tenant, &UserId::from("c"), Millis(0), Millis(5000))
        .await
        .unwrap();
    assert_eq!(task_ids(c), ["10"], "recipients go with their report");
}

async fn rules_and_their_removed_views(store: Stores) {
    load(&store, REPORT_WORLD).await;
    let tenant = TenantKey::from("r");
    let named = store
        .services
        .report_rules_named(&tenant, "weekly")
        .await
        .unwrap();
    assert_eq!(named.len(), 2);
    assert!(named[1].deleted);
    let rule = RuleId::from("1");
    store
        .services
        .remove_rule_views(
            &tenant,
            &rule,
            Some(&[UserId::from("b"), UserId::from("a")]),
            Millis(1),
        )
        .await
        .unwrap();
    store
        .services
        .remove_rule_views(&tenant, &rule, Some(&[UserId::from("a")]), Millis(2))
        .await
        .unwrap();
    assert_eq!(
        store
            .services
            .rule_view_removals(&tenant, &rule)
            .await
            .unwrap(),
        vec![Some(UserId::from("a")), Some(UserId::from("b"))]
    );
    store
        .services
        .remove_rule_views(&tenant, &rule, None, Millis(3))
        .await
        .unwrap();
    assert_eq!(
        store
            .services
            .rule_view_removals(&tenant, &rule)
            .await
            .unwrap()[0],
        None
    );
}

async fn oauth_grants_are_taken_once(store: Stores) {
    load(&store, &world_text("t", "cli_1", &["u"])).await;
    let grant = OAuthGrant {
        kind: GrantKind::Code,
        tenant: TenantKey::from("t"),
        app: AppId::from("cli_1"),
        user: UserId::from("u"),
        expires_at: Millis(99),
    };
    store.platform.put_oauth_grant("h1", &grant).await.unwrap();
    assert!(
        store
            .platform
            .take_oauth_grant("h1", GrantKind::Refresh)
            .await
            .unwrap()
            .is_none(),
        "kind matters"
    );
    assert_eq!(
        store
            .platform
            .take_oauth_grant("h1", GrantKind::Code)
            .await
            .unwrap(),
        Some(grant)
    );
    assert!(
        store
            .platform
            .take_oauth_grant("h1", GrantKind::Code)
            .await
            .unwrap()
            .is_none()
    );
}

fn job(task_id: &str, submitted_at: i64, total: i64) -> openwork_core::contact::Job {
    openwork_core::contact::Job {
        task_id: task_id.into(),
        tenant: TenantKey::from("t1"),
        app: AppId::from("cli_1"),
        kind: openwork_core::contact::JobKind::AddUser,
        status: 1,
        total,
        processed: 0,
        succeeded: 0,
        failed: 0,
        create_time: Millis(5),
        submitted_at: Millis(submitted_at),
        finish_time: None,
    }
}

async fn jobs_are_leased_to_one_owner_and_committed_once(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["u1"])).await;
    store
        .services
        .create_job(&job("old", 1, 2), &["{\"a\":1}".into(), "{\"a\":2}".into()])
        .await
        .unwrap();
    store
        .services
        .create_job(&job("new", 2, 1), &["{}".into()])
        .await
        .unwrap();
    let tenant = TenantKey::from("t1");
    let claimed = store
        .services
        .claim_job("A", Millis(100), Millis(200))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.task_id, "old", "oldest first");
    let other = store
        .services
        .claim_job("B", Millis(100), Millis(200))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.task_id, "new", "a held job is not handed out twice");
    assert!(
        store
            .services
            .claim_job("C", Millis(150), Millis(250))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .services
            .claim_job("A", Millis(150), Millis(300))
            .await
            .unwrap()
            .unwrap()
            .task_id,
        "old",
        "its holder keeps it"
    );
    assert_eq!(
        store.services.job_items("old", 1, 10).await.unwrap(),
        vec![(1, "{\"a\":2}".to_owned())]
    );

    let user = openwork_core::directory::User {
        user_id: UserId::from("made"),
        name: "Made".into(),
        ..Default::default()
    };
    let chunk = |owner: &'static str, first: i64, finish: Option<Millis>| JobChunk {
        job: &claimed,
        owner,
        first_index: first,
        outcomes: vec![(
            first,
            ItemOutcome {
                code: 0,
                msg: "success".into(),
                ..ItemOutcome::default()
            },
        )],
        succeeded: 1,
        failed: 0,
        users: if first == 0 {
            vec![user.clone()]
        } else {
            Vec::new()
        },
        identities: Vec::new(),
        departments: Vec::new(),
        lease_until: Millis(400),
        finish_time: finish,
    };
    assert!(
        !store
            .services
            .commit_job_chunk(&chunk("B", 0, None))
            .await
            .unwrap(),
        "not the holder"
    );
    assert!(
        store
            .services
            .commit_job_chunk(&chunk("A", 0, None))
            .await
            .unwrap()
    );
    assert!(
        !store
            .services
            .commit_job_chunk(&chunk("A", 0, None))
            .await
            .unwrap(),
        "items already done"
    );
    assert_eq!(
        store
            .platform
            .existing_users(&tenant, &[UserId::from("made")])
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .services
            .commit_job_chunk(&chunk("A", 1, Some(Millis(9))))
            .await
            .unwrap()
    );
    let done = store.services.job(&tenant, "old").await.unwrap().unwrap();
    assert_eq!(
        (
            done.status,
            done.processed,
            done.succeeded,
            done.finish_time
        ),
        (9, 2, 2, Some(Millis(9)))
    );
    assert_eq!(store.services.job_results("old").await.unwrap().len(), 2);
    assert!(
        store
            .services
            .job(&TenantKey::from("t2"), "old")
            .await
            .unwrap()
            .is_none(),
        "tenant-bound"
    );

    // A lease that expired, or was released, goes to the next claimant.
    assert!(
        store
            .services
            .claim_job("C", Millis(201), Millis(300))
            .await
            .unwrap()
            .is_some(),
        "B's lease expired"
    );
    store.services.release_jobs("C").await.unwrap();
    assert_eq!(
        store
            .services
            .claim_job("D", Millis(202), Millis(300))
            .await
            .unwrap()
            .unwrap()
            .task_id,
        "new"
    );
    assert!(
        store
            .services
            .fail_job("new", "D", Millis(10))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .services
            .job(&tenant, "new")
            .await
            .unwrap()
            .unwrap()
            .status,
        10
    );
}

async fn prefetches_for_batch_rules(store: Stores) {
    load(&store, &world_text("t1", "cli_1", &["Mixed", "u2"])).await;
    let tenant = TenantKey::from("t1");
    let found = store
        .platform
        .user_ids_ignoring_case(&tenant, &["MIXED".into(), "nobody".into()])
        .await
        .unwrap();
    assert_eq!(found, vec!["mixed".to_owned()]);
    let mobiles = store
        .platform
        .used_mobiles(&tenant, &["+86u2".into(), "+0".into()])
        .await
        .unwrap();
    assert_eq!(mobiles, vec!["+86u2".to_owned()]);
}

openwork_platform::conformance!(
    setup: super::stores,
    schemas: &super::SCHEMAS,
    scenarios: [
    declarations_match_the_schema,
    deleted_tenants_leave_nothing_behind,
    replace_then_read_back,
    replacing_is_idempotent_and_isolated,
    identities_resolve_by_every_kind_within_the_tenant,
    deleting_tenants,
    clocks_are_stored,
    global_ids_name_their_tenant,
    an_app_cannot_be_in_two_tenants,
    meta_values_are_written_once,
    token_issues_are_upserted,
    the_database_answers,
    reports_newest_first_with_keyset_paging,
    rules_and_their_removed_views,
    oauth_grants_are_taken_once,
    jobs_are_leased_to_one_owner_and_committed_once,
    prefetches_for_batch_rules,
    ]
);
